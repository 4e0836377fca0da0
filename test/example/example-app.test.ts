import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { buildNotificationBody, signDokuRequest } from "../../src/testing";
import { EXAMPLE_CLIENT_ID, EXAMPLE_SECRET, payArgs, runCli, startExample, type RunningExample } from "../support/example-process";

// The example merchant end to end: its own process, its SQLite file, the simulator as DOKU.
let dir: string;
let dbPath: string;
let example: RunningExample;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "express-doku-example-"));
  dbPath = join(dir, "nested", "merchant.sqlite");
  example = await startExample(dbPath);
}, 20_000);

afterAll(async () => {
  await example?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface OrderAnswer { invoice_number: string; payment_code: string; expired_at: string; field?: string; reason?: string }

async function createOrder(body: Record<string, unknown>) {
  const res = await fetch(`${example.url}/api/orders`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as OrderAnswer };
}

const stateOf = async (invoice: string) => ((await (await fetch(`${example.url}/api/orders/${invoice}`)).json()) as { state: string }).state;

it("prints its URL and a ready-to-paste simulate command, and creates its database", () => {
  expect(example.output()).toContain(`simulate pay --inquiry-url ${example.url}/doku/inquiry`);
  const db = new Database(dbPath, { readonly: true });
  expect(db.pragma("user_version", { simple: true })).toBe(1);
  db.close();
});

it("takes an order, is paid through the simulator, then refuses a second payment", async () => {
  const order = await createOrder({ amount: 150000, customer_name: "Ani", customer_email: "ani@example.com", expires_in_minutes: 30 });
  expect(order.status).toBe(201);
  expect(order.body.payment_code).toMatch(/^\d{16}$/);
  expect(order.body.invoice_number).toMatch(/^INV-/);
  expect(Date.parse(order.body.expired_at) - Date.now()).toBeGreaterThan(29 * 60_000);
  expect(await stateOf(order.body.invoice_number)).toBe("pending");

  const paid = await runCli(payArgs(example.url, order.body.payment_code));
  expect(paid.code).toBe(0);
  expect(paid.stdout).toContain("status success");
  expect(await stateOf(order.body.invoice_number)).toBe("paid");

  const db = new Database(dbPath, { readonly: true });
  const row = db.prepare("SELECT paid_agent_store_id, paid_agent_trx_id, doku_payment_key FROM bills WHERE invoice_number = ?").get(order.body.invoice_number) as Record<string, string>;
  db.close();
  expect(row.paid_agent_store_id).toBe("TEST-STORE");
  expect(row.paid_agent_trx_id).toBeTruthy();
  expect(row.doku_payment_key).toBeTruthy();

  const again = await runCli(payArgs(example.url, order.body.payment_code));
  expect(again.code).toBe(1);
  expect(again.stdout).toContain("status billing_already_paid");
});

it("answers billing_was_expired for an expired bill and billing_not_found for an unknown code", async () => {
  const order = await createOrder({ amount: 5000, customer_name: "Budi" });
  const db = new Database(dbPath);
  db.prepare("UPDATE bills SET expires_at = ? WHERE invoice_number = ?").run(Date.now() - 1000, order.body.invoice_number);
  db.close();
  const expired = await runCli(payArgs(example.url, order.body.payment_code));
  expect(expired.stdout).toContain("HTTP 400, status billing_was_expired");
  expect(await stateOf(order.body.invoice_number)).toBe("expired");
  const unknown = await runCli(payArgs(example.url, "1234"));
  expect(unknown.stdout).toContain("HTTP 404, status billing_not_found");
});

it("does nothing on a duplicate notification, and refuses one whose amount differs", async () => {
  const order = await createOrder({ amount: 7000, customer_name: "Citra" });
  const notify = async (amount: number, trx: string) => {
    const s = signDokuRequest({
      clientId: EXAMPLE_CLIENT_ID, secretKey: EXAMPLE_SECRET, requestTarget: "/doku/notify",
      body: buildNotificationBody({ invoiceNumber: order.body.invoice_number, amount, paymentCode: order.body.payment_code, agentTrxId: trx }),
    });
    return (await fetch(`${example.url}/doku/notify`, { method: "POST", headers: s.headers, body: s.body })).status;
  };
  expect(await notify(1, "TRX-WRONG")).toBe(500);
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
])("refuses %j with 400 naming %s", async (body, field) => {
  const res = await createOrder(body);
  expect(res.status).toBe(400);
  expect(res.body.field).toBe(field);
  expect(res.body.reason).toBeTruthy();
});

it("answers 404 for an unknown order", async () => {
  expect((await fetch(`${example.url}/api/orders/INV-NOPE`)).status).toBe(404);
});

it("keeps its orders across a restart", async () => {
  const order = await createOrder({ amount: 9000, customer_name: "Dewi" });
  await example.stop();
  example = await startExample(dbPath);
  expect(await stateOf(order.body.invoice_number)).toBe("pending");
}, 20_000);
