import express from "express";

import { createInquiryRouter, createNotificationRouter, type PaymentNotification } from "../../src";
import { main, type Output } from "../../src/cli/main";
import { listen, type Running } from "../support/http";

// The simulator plays what DOKU does: every status, the same notification again, and an echo
// of what it sent.
const SECRET = "SK-SIMULATE-LIKE-DOKU";
const clients = [{ clientId: "MCH-SIM-DOKU", secretKeys: [SECRET] }];
const handled: PaymentNotification[] = [];
let app: Running;

beforeAll(async () => {
  const e = express();
  e.use(
    createInquiryRouter({
      path: "/i",
      clients,
      lookupPaymentCode: () => ({
        status: "success",
        order: { invoice_number: "INV-SIM", amount: 4000 },
        customer: { name: "Ani" },
      }),
    }),
  );
  e.use(createNotificationRouter({ path: "/n", clients, onPayment: (n) => void handled.push(n) }));
  app = await listen(e);
  process.env.DOKU_SECRET_KEY = SECRET;
});
afterAll(async () => {
  delete process.env.DOKU_SECRET_KEY;
  await app.close();
});
beforeEach(() => {
  handled.length = 0;
});

async function run(args: string[]) {
  const out = {
    text: "",
    write(t: string) {
      out.text += t;
      return true;
    },
  } satisfies Output & { text: string };
  const err = {
    text: "",
    write(t: string) {
      err.text += t;
      return true;
    },
  } satisfies Output & { text: string };
  const code = await main(args, out, err);
  return { code, out: out.text, err: err.text };
}
const notify = (...extra: string[]) =>
  run([
    "simulate",
    "notify",
    "--url",
    `${app.url}/n`,
    "--client-id",
    "MCH-SIM-DOKU",
    "--invoice",
    "INV-SIM",
    "--amount",
    "4000",
    "--payment-code",
    "123",
    ...extra,
  ]);

it.each(["SUCCESS", "FAILED", "PENDING", "EXPIRED", "REFUNDED", "TIMEOUT"])(
  "notify --status %s sends it, and says so",
  async (status) => {
    const result = await notify("--status", status);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      new RegExp(
        `\\n  sent: status ${status}, invoice INV-SIM, amount 4000, AGENT_TRX_ID \\S+\\n  again: [^\\n]+\\n  HTTP 200\\n`,
      ),
    );
    expect(handled.map((n) => n.transaction.status)).toEqual([status]);
  },
);

it("sends the same notification again, as printed: a duplicate, handled once", async () => {
  const first = await notify("--json");
  const step = JSON.parse(first.out).steps[0] as {
    requestId: string;
    sent: { agentTrxId: string; date: string; originalRequestId: string };
  };
  const printed = await notify("--agent-trx-id", step.sent.agentTrxId);
  expect(printed.out).toMatch(
    /\n {2}again: --request-id \S+ --agent-trx-id \S+ --date \S+ --original-request-id \S+\n/,
  );
  const again = await notify(
    "--request-id",
    step.requestId,
    "--agent-trx-id",
    step.sent.agentTrxId,
    "--date",
    step.sent.date,
    "--original-request-id",
    step.sent.originalRequestId,
    "--json",
  );
  expect(JSON.parse(again.out).steps[0]).toMatchObject({
    requestId: step.requestId,
    httpStatus: 200,
    sent: { agentTrxId: step.sent.agentTrxId },
  });
  expect(JSON.parse(again.out).ok).toBe(true);
  expect(handled).toHaveLength(1);
});

it("pay --status FAILED pays nothing but says FAILED", async () => {
  const result = await run([
    "simulate",
    "pay",
    "--inquiry-url",
    `${app.url}/i`,
    "--notify-url",
    `${app.url}/n`,
    "--client-id",
    "MCH-SIM-DOKU",
    "--payment-code",
    "123",
    "--status",
    "FAILED",
  ]);
  expect(result.code).toBe(0);
  expect(result.out).toContain("  sent: status FAILED, invoice INV-SIM, amount 4000, AGENT_TRX_ID ");
  expect(handled.map((n) => n.transaction.status)).toEqual(["FAILED"]);
});

it("refuses what cannot be: a Request-Id over DOKU's limit, --request-id on a pay", async () => {
  expect((await notify("--request-id", "r".repeat(129))).err).toBe(
    "express-doku: --request-id takes 1 to 128 characters (DOKU's limit)\n",
  );
  const pay = await run([
    "simulate",
    "pay",
    "--inquiry-url",
    `${app.url}/i`,
    "--notify-url",
    `${app.url}/n`,
    "--client-id",
    "MCH-SIM-DOKU",
    "--payment-code",
    "1",
    "--request-id",
    "x",
  ]);
  expect(pay).toMatchObject({
    code: 2,
    err: "express-doku: --request-id, --agent-trx-id, --date and --original-request-id are for simulate notify (a pay makes a new payment)\n",
  });
});
