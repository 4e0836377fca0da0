import express from "express";

import { createInquiryRouter, createNotificationRouter } from "../../src";
import { main } from "../../src/cli/main";
import { listen, type Running } from "../support/http";
import { capture } from "./captured-output";

// The same CLI entry, in this process, for what the spawned runs cannot measure: coverage of
// the reporting paths and the colours a TTY gets.
const SECRET = "SK-IN-PROCESS";
const clients = [{ clientId: "MCH-IP", secretKeys: [SECRET] }];

let app: Running;
const paid: string[] = [];
beforeAll(async () => {
  const e = express();
  e.use(
    createInquiryRouter({
      path: "/i",
      clients,
      lookupPaymentCode: (code) =>
        code === "1"
          ? { status: "success", order: { invoice_number: "INV-IP", amount: 7000 }, customer: { name: "Dewi" } }
          : code === "2"
            ? { status: "decline" }
            : { status: "billing_not_found" },
    }),
  );
  e.use(
    createNotificationRouter({
      path: "/n",
      clients,
      onPayment: (n) => {
        paid.push(n.order.invoice_number);
      },
    }),
  );
  e.post("/wrong-code", (_req, res) => {
    res.status(200).json({ online_to_offline_inquiry: { status: "billing_not_found" } });
  });
  e.post("/odd-status", (_req, res) => {
    res.status(200).json({ online_to_offline_inquiry: { status: "maybe" } });
  });
  e.post("/n500", (_req, res) => {
    res.status(500).end("{}");
  });
  app = await listen(e);
});
afterAll(() => app.close());
beforeEach(() => {
  process.env.DOKU_SECRET_KEY = SECRET;
});

const base = (cmd: string, ...rest: string[]) => ["simulate", cmd, "--client-id", "MCH-IP", ...rest];

it("pays, with colours on a TTY", async () => {
  const out = capture(true);
  const code = await main(
    base("pay", "--inquiry-url", `${app.url}/i`, "--notify-url", `${app.url}/n`, "--payment-code", "1"),
    out,
    capture(),
  );
  expect(code).toBe(0);
  expect(out.text).toContain("\u001b[32m");
  expect(paid).toEqual(["INV-IP"]);
});

it("stops at a decline: the customer cannot pay (exit 3)", async () => {
  const out = capture();
  expect(
    await main(
      base("pay", "--inquiry-url", `${app.url}/i`, "--notify-url", `${app.url}/n`, "--payment-code", "2"),
      out,
      capture(),
    ),
  ).toBe(3);
  expect(out.text).toContain("✗ the customer cannot pay: the app declined.");
  expect(out.text).not.toContain("Notification ->");
});

it("flags an HTTP code that does not go with the status, and an unknown status", async () => {
  const out = capture();
  expect(await main(base("inquiry", "--url", `${app.url}/wrong-code`, "--payment-code", "3"), out, capture())).toBe(1);
  expect(out.text).toContain("HTTP 200 does not go with status billing_not_found (DOKU expects 404)");
  const odd = capture();
  expect(await main(base("inquiry", "--url", `${app.url}/odd-status`, "--payment-code", "3"), odd, capture())).toBe(1);
  expect(odd.text).toContain("not one of DOKU's statuses");
});

it("reports a notification DOKU would retry, and a refused one", async () => {
  const out = capture();
  expect(
    await main(
      base("notify", "--url", `${app.url}/n500`, "--payment-code", "1", "--invoice", "I", "--amount", "5"),
      out,
      capture(),
    ),
  ).toBe(1);
  expect(out.text).toContain("DOKU would retry");
  process.env.DOKU_SECRET_KEY = "SK-OTHER";
  const refused = capture();
  expect(
    await main(
      base(
        "notify",
        "--url",
        `${app.url}/n`,
        "--payment-code",
        "1",
        "--invoice",
        "I",
        "--amount",
        "5",
        "--status",
        "FAILED",
      ),
      refused,
      capture(),
    ),
  ).toBe(1);
  expect(refused.text).toContain("refused our signature");
});

it.each([
  [["--amount", "1.5"], "--amount takes a whole number"],
  [
    ["--amount", "5", "--status", "MAYBE"],
    "--status is one of SUCCESS, FAILED, PENDING, EXPIRED, REFUNDED, TIMEOUT; got MAYBE",
  ],
  [["--amount", "5", "--timeout", "soon"], "--timeout takes a number"],
])("explains a bad flag %j", async (flags, message) => {
  const err = capture();
  expect(
    await main(
      [...base("notify", "--url", `${app.url}/n`, "--payment-code", "1", "--invoice", "I"), ...flags],
      capture(),
      err,
    ),
  ).toBe(2);
  expect(err.text).toContain(message);
});

it("explains unknown commands and options, in JSON too", async () => {
  const err = capture();
  expect(await main(base("refund", "--payment-code", "1"), capture(), err)).toBe(2);
  expect(err.text).toContain('unknown command "simulate refund"');
  const bad = capture();
  expect(await main(["simulate", "inquiry", "--bogus"], capture(), bad)).toBe(2);
  expect(bad.text).toContain("--bogus");
  const json = capture();
  expect(
    await main(base("inquiry", "--url", "http://127.0.0.1:1/x", "--payment-code", "1", "--json"), json, capture()),
  ).toBe(2);
  expect(JSON.parse(json.text)).toMatchObject({ ok: false, error: expect.stringContaining("cannot reach") });
});
