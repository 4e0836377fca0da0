import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";

import { buildNotificationBody, signDokuRequest } from "../../src/testing";
import {
  EXAMPLE_CLIENT_ID,
  EXAMPLE_SECRET,
  exampleCalls,
  FAST_RECONCILIATION,
  payArgs,
  runCli,
  runExampleExpectingExit,
  type RunningExample,
  startExample,
  until,
} from "../support/example-process";

// The example merchant end to end: its own process, its SQLite file, and the local DOKU it starts.
let dir: string;
let dbPath: string;
let example: RunningExample;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "express-doku-example-"));
  dbPath = join(dir, "nested", "merchant.sqlite");
  example = await startExample(dbPath, FAST_RECONCILIATION);
}, 20_000);

afterAll(async () => {
  await example?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const { createOrder, orderOf, doku } = exampleCalls(() => example);
const stateOf = async (invoice: string) => (await orderOf(invoice)).state;

it("prints its URL, the local DOKU's cashier page and a pasteable order-and-pay command, and creates its database", () => {
  expect(example.output()).toContain(`Local DOKU on ${example.dokuUrl}; its cashier page: ${example.dokuUrl}/`);
  expect(example.output()).toContain(
    `  curl -s ${example.url}/api/orders -H 'Content-Type: application/json' -d '{"amount":150000,"customer_name":"Ani","method":"doku_generated"}' | curl -s ${example.dokuUrl}/_emulator/pay -H 'Content-Type: application/json' -d @-\n`,
  );
  const db = new Database(dbPath, { readonly: true });
  expect(db.pragma("user_version", { simple: true })).toBe(3);
  db.close();
});

describe.each([
  ["direct_inquiry", /^8896\d{12}$/],
  ["doku_generated", /^8899\d{12}$/],
  ["merchant_generated", /^1906\d{12}$/],
])("an order taken %s", (method, codeShape) => {
  it("is paid at the local DOKU's till and marked paid once, with the store and transaction", async () => {
    const order = await createOrder({
      amount: 150000,
      customer_name: "Ani",
      customer_email: "ani@example.com",
      expires_in_minutes: 30,
      method,
    });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ method, state: "pending", paid: null });
    expect(order.body.payment_code).toMatch(codeShape);
    expect(Date.parse(order.body.expired_at) - Date.now()).toBeGreaterThan(29 * 60_000);
    if (method === "doku_generated")
      expect(order.body.how_to_pay_url).toBe(`${example.dokuUrl}/how-to-pay/${order.body.payment_code}`);
    if (method !== "direct_inquiry") {
      expect((await doku("codes")).codes).toContainEqual(
        expect.objectContaining({
          payment_code: order.body.payment_code,
          invoice_number: order.body.invoice_number,
          origin: method,
          state: "active",
        }),
      );
    }

    const paid = await doku("pay", {
      payment_code: order.body.payment_code,
      agent_id: "ALFAMIDI",
      agent_store_id: "AM-7",
    });
    expect(paid).toMatchObject({ paid: true, amount: 150000, notification: { state: "delivered" } });
    const after = await orderOf(order.body.invoice_number);
    expect(after).toMatchObject({
      state: "paid",
      method,
      paid: { agent_id: "ALFAMIDI", store_id: "AM-7", trx_id: paid.payment.agent_trx_id },
    });
    expect(await doku("pay", { payment_code: order.body.payment_code })).toMatchObject({
      paid: false,
      refusal: "billing_already_paid",
    });
  });

  it("can be cancelled while pending; the till then refuses its code", async () => {
    const order = await createOrder({ amount: 9000, customer_name: "Budi", method });
    const cancelled = await fetch(`${example.url}/api/orders/${order.body.invoice_number}/cancel`, { method: "POST" });
    expect(cancelled.status).toBe(200);
    expect(await stateOf(order.body.invoice_number)).toBe("cancelled");
    const refused = await doku("pay", { payment_code: order.body.payment_code });
    expect(refused).toMatchObject({ paid: false, refusal: method === "direct_inquiry" ? "declined" : "cancelled" });
    expect(
      (await fetch(`${example.url}/api/orders/${order.body.invoice_number}/cancel`, { method: "POST" })).status,
    ).toBe(409);
  });
});

it("an expired order is refused at the till and says expired", async () => {
  const order = await createOrder({ amount: 5000, customer_name: "Citra", method: "doku_generated" });
  const db = new Database(dbPath);
  db.prepare("UPDATE bills SET expires_at = ? WHERE invoice_number = ?").run(
    Date.now() - 1000,
    order.body.invoice_number,
  );
  db.close();
  await doku("expire", { payment_code: order.body.payment_code });
  expect(await stateOf(order.body.invoice_number)).toBe("expired");
  expect(await doku("pay", { payment_code: order.body.payment_code })).toMatchObject({
    paid: false,
    refusal: "billing_was_expired",
  });
  const direct = await createOrder({ amount: 5000, customer_name: "Citra" });
  const db2 = new Database(dbPath);
  db2
    .prepare("UPDATE bills SET expires_at = ? WHERE invoice_number = ?")
    .run(Date.now() - 1000, direct.body.invoice_number);
  db2.close();
  const expired = await runCli(payArgs(example.url, direct.body.payment_code as string));
  expect(expired.stdout).toContain("HTTP 400, status billing_was_expired");
});

it("a notification DOKU never delivered is found by reconciliation with Check Status", async () => {
  for (const method of ["doku_generated", "direct_inquiry"]) {
    const order = await createOrder({ amount: 12000, customer_name: "Dewi", method });
    const paid = await doku("pay", { payment_code: order.body.payment_code, notify: false });
    expect(paid).toMatchObject({ paid: true, notification: { state: "dropped" } });
    await until(async () => (await stateOf(order.body.invoice_number)) === "paid", `reconciliation of ${method}`);
    expect((await orderOf(order.body.invoice_number)).paid).toMatchObject({
      agent_id: "ALFAMART",
      trx_id: paid.payment.agent_trx_id,
    });
  }
  expect(example.output()).toMatch(/"event":"reconciler_found"[^\n]*"outcome":"delivered"/);
});

it("a create whose answers were all lost is kept pending and sent again under its Request-Id: one code", async () => {
  await doku("faults", { route: "create", outcome: "lose_answer", times: 3 });
  const order = await createOrder({ amount: 15000, customer_name: "Eka", method: "doku_generated" });
  expect(order.status).toBe(202);
  expect(order.body).toMatchObject({ state: "pending", payment_code: null });
  await until(
    async () => (await orderOf(order.body.invoice_number)).payment_code !== null,
    "the code after reconciliation",
  );
  const codes = (await doku("codes")).codes.filter(
    (c: { invoice_number: string }) => c.invoice_number === order.body.invoice_number,
  );
  expect(codes).toHaveLength(1);
  expect((await orderOf(order.body.invoice_number)).payment_code).toBe(codes[0].payment_code);
  const calls = (await doku("calls")).calls.filter(
    (c: { kind: string; body?: string }) => c.kind === "create" && c.body?.includes(order.body.invoice_number),
  );
  expect(new Set(calls.map((c: { requestId: string }) => c.requestId)).size).toBe(1);
  expect(calls.at(-1)).toMatchObject({ status: 409, replayed: true });
}, 20_000);

it("a code DOKU refuses is no order at all: 502 with DOKU's reason", async () => {
  const count = () => {
    const db = new Database(dbPath, { readonly: true });
    const n = (db.prepare("SELECT COUNT(*) AS n FROM bills").get() as { n: number }).n;
    db.close();
    return n;
  };
  const before = count();
  await doku("faults", { route: "create", outcome: "error_status", status: 400, times: 1 });
  const refused = await createOrder({ amount: 1000, customer_name: "Fajar", method: "doku_generated" });
  expect(refused.status).toBe(502);
  expect(refused.body.reason).toMatch(
    /^DOKU refused the payment code: POST http:\/\/127\.0\.0\.1:\d+\/alfa-online-to-offline\/v2\/payment-code: DOKU answered 400 internal_server_error/,
  );
  expect(count()).toBe(before);
});

it("does nothing on a duplicate notification, and refuses one whose amount or code differs", async () => {
  const order = await createOrder({ amount: 7000, customer_name: "Citra" });
  const notify = async (amount: number, trx: string, paymentCode = order.body.payment_code as string) => {
    const s = signDokuRequest({
      clientId: EXAMPLE_CLIENT_ID,
      secretKey: EXAMPLE_SECRET,
      requestTarget: "/doku/notify",
      body: buildNotificationBody({ invoiceNumber: order.body.invoice_number, amount, paymentCode, agentTrxId: trx }),
    });
    return (await fetch(`${example.url}/doku/notify`, { method: "POST", headers: s.headers, body: s.body })).status;
  };
  expect(await notify(1, "TRX-WRONG")).toBe(500);
  expect(await notify(7000, "TRX-CODE", "1111222233334444")).toBe(500);
  expect(await stateOf(order.body.invoice_number)).toBe("pending");
  expect(await notify(7000, "TRX-OK")).toBe(200);
  expect(await notify(7000, "TRX-OK")).toBe(200);
  expect(await stateOf(order.body.invoice_number)).toBe("paid");
});

it.each([
  [{ amount: 12.5, customer_name: "A" }, "amount"],
  [{ amount: "lots", customer_name: "A" }, "amount"],
  [{ amount: 1000 }, "customer_name"],
  [{ amount: 1000, customer_name: "x".repeat(65) }, "customer_name"],
  [{ amount: 1000, customer_name: "A", customer_email: "nope" }, "customer_email"],
  [{ amount: 1000, customer_name: "A", expires_in_minutes: 0 }, "expires_in_minutes"],
  [{ amount: 1000, customer_name: "A", method: "cash" }, "method"],
])("refuses %j with 400 naming %s", async (body, field) => {
  const res = await createOrder(body);
  expect(res.status).toBe(400);
  expect(res.body.field).toBe(field);
  expect(res.body.reason).toBeTruthy();
});

it("answers 404 for an unknown order", async () => {
  expect((await fetch(`${example.url}/api/orders/INV-NOPE`)).status).toBe(404);
  expect((await fetch(`${example.url}/api/orders/INV-NOPE/cancel`, { method: "POST" })).status).toBe(404);
});

it("keeps every order across a restart", async () => {
  const orders = await Promise.all(
    ["direct_inquiry", "doku_generated", "merchant_generated", "indomaret"].map((method) =>
      createOrder({ amount: 9000, customer_name: "Dewi", method }),
    ),
  );
  await example.stop();
  example = await startExample(dbPath, FAST_RECONCILIATION);
  for (const order of orders)
    expect(await orderOf(order.body.invoice_number)).toMatchObject({
      state: "pending",
      method: order.body.method,
      payment_code: order.body.payment_code,
    });
}, 20_000);

describe("a bad start exits 1 with one line that names the variable", () => {
  it.each([
    [
      { DOKU_METHOD: "cash" },
      'example merchant: DOKU_METHOD is "cash"; set it to one of direct_inquiry, doku_generated, merchant_generated, indomaret\n',
    ],
    [
      { DOKU_ENV: "staging" },
      'example merchant: DOKU_ENV is "staging"; set it to local (the emulator), sandbox or production\n',
    ],
    [
      { DOKU_ENV: "sandbox" },
      "example merchant: DOKU_ENV=sandbox talks to DOKU: set DOKU_CLIENT_ID to the value from DOKU's Back Office\n",
    ],
    [
      { NODE_ENV: "production" },
      "example merchant: NODE_ENV=production runs against DOKU, not the local emulator: set DOKU_ENV to sandbox or production\n",
    ],
    [
      {
        NODE_ENV: "production",
        DOKU_ENV: "production",
        DOKU_CLIENT_ID: "MCH-REAL",
        DOKU_SECRET_KEY: "SK-DEVELOPMENT-ONLY",
      },
      "example merchant: NODE_ENV=production refuses the development DOKU_SECRET_KEY: set your own\n",
    ],
    [
      { NODE_ENV: "production", DOKU_ENV: "production", DOKU_CLIENT_ID: "MCH-REAL", DOKU_SECRET_KEY: "SK-REAL-KEY" },
      "example merchant: NODE_ENV=production: set DATABASE_PATH to where the orders are kept (not inside the example's folder)\n",
    ],
    [{ PORT: "http" }, 'example merchant: PORT is "http"; set it to a whole number from 0 to 65535\n'],
  ])("%j", async (env, line) => {
    expect(await runExampleExpectingExit(env)).toEqual({ code: 1, output: line });
  });

  it("a port that is taken", async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, "127.0.0.1", done));
    const port = String((taken.address() as { port: number }).port);
    try {
      expect(await runExampleExpectingExit({ PORT: port, DATABASE_PATH: join(dir, "taken.sqlite") })).toEqual({
        code: 1,
        output: `example merchant: port ${port} is taken: stop what runs there, or set PORT (0 picks a free one)\n`,
      });
      expect(
        await runExampleExpectingExit({ DOKU_EMULATOR_PORT: port, DATABASE_PATH: join(dir, "taken.sqlite") }),
      ).toMatchObject({
        code: 1,
        output: expect.stringContaining(
          `example merchant: port ${port} (the local DOKU) is taken: stop what runs there, or set DOKU_EMULATOR_PORT (0 picks a free one)\n`,
        ),
      });
    } finally {
      taken.close();
    }
  });
});
