import express from "express";

import { createNotificationRouter, type PaymentNotification } from "../../src";
import { main } from "../../src/cli/main";
import { listen, type Running } from "../support/http";
import { capture } from "./captured-output";

const SECRET = "SK-INDOMARET-CLI";
const clients = [{ clientId: "MCH-IDM", secretKeys: [SECRET] }];

let app: Running;
const seen: PaymentNotification[] = [];
beforeAll(async () => {
  const e = express();
  e.use(createNotificationRouter({ path: "/n", clients, onPayment: (n) => void seen.push(n) }));
  app = await listen(e);
});
afterAll(() => app.close());
beforeEach(() => {
  process.env.DOKU_SECRET_KEY = SECRET;
  seen.length = 0;
});

const base = (cmd: string, ...rest: string[]) => ["simulate", cmd, "--client-id", "MCH-IDM", ...rest];

it("pays an Indomaret code: the notification alone, on Indomaret's channel", async () => {
  const out = capture();
  const args = ["--notify-url", `${app.url}/n`, "--payment-code", "8890123412341234", "--invoice", "INV-I", "--amount"];
  expect(await main(base("pay", "--chain", "indomaret", ...args, "125000"), out, capture())).toBe(0);
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatchObject({
    acquirer: { id: "INDOMARET" },
    channel: { id: "ONLINE_TO_OFFLINE_INDOMARET" },
    order: { invoice_number: "INV-I", amount: 125_000 },
    online_to_offline_info: { payment_code: "8890123412341234" },
  });
  expect(seen[0]?.online_to_offline_payment?.identifier?.[0]).toEqual({ name: "AGENT_ID", value: "INDOMARET" });
  expect(out.text).not.toContain("Inquiry ->");
  expect(out.text).toContain("sent: Indomaret, status SUCCESS, invoice INV-I, amount 125000");
  expect(out.text).toContain("again: --chain indomaret --request-id");
});

it("notify --chain indomaret sends Indomaret's channel; without --chain, Alfa's", async () => {
  const common = ["--url", `${app.url}/n`, "--payment-code", "1", "--invoice", "I", "--amount", "5"];
  const json = capture();
  expect(await main(base("notify", "--chain", "indomaret", "--json", ...common), json, capture())).toBe(0);
  expect(JSON.parse(json.text).steps[0].sent).toMatchObject({ chain: "indomaret" });
  expect(await main(base("notify", ...common, "--invoice", "I2"), capture(), capture())).toBe(0);
  expect(seen.map((n) => n.channel.id)).toEqual(["ONLINE_TO_OFFLINE_INDOMARET", "ONLINE_TO_OFFLINE_ALFA"]);
});

it.each([
  [
    "an inquiry",
    base("inquiry", "--chain", "indomaret", "--url", "http://127.0.0.1:9/i", "--payment-code", "1"),
    "Indomaret has no Direct Inquiry",
  ],
  [
    "a pay with an inquiry URL",
    base(
      "pay",
      "--chain",
      "indomaret",
      "--inquiry-url",
      "http://127.0.0.1:9/i",
      "--notify-url",
      "http://127.0.0.1:9/n",
      "--payment-code",
      "1",
      "--invoice",
      "I",
      "--amount",
      "5",
    ),
    "Indomaret has no Direct Inquiry",
  ],
  [
    "a pay without the invoice",
    base("pay", "--chain", "indomaret", "--notify-url", "http://x/n", "--payment-code", "1"),
    "--invoice is required",
  ],
  [
    "another chain",
    base("notify", "--chain", "tesco", "--payment-code", "1"),
    "--chain is one of alfa, indomaret; got tesco",
  ],
])("refuses %s (exit 2)", async (_name, args, message) => {
  const err = capture();
  expect(await main(args, capture(), err)).toBe(2);
  expect(err.text).toContain(message);
  expect(seen).toEqual([]);
});
