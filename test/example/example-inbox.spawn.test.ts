import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";

import { buildNotificationBody, signDokuRequest } from "../../src/testing";
import { EXAMPLE_CLIENT_ID, EXAMPLE_SECRET, type RunningExample, startExample } from "../support/example-process";

// The example's payment notifications go through its SQLite inbox: the order is marked paid and the
// notification recorded in one commit, or neither, and a recorded notification never runs again,
// across a restart too.
let dir: string;
let dbPath: string;
let example: RunningExample;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "express-doku-example-inbox-"));
  dbPath = join(dir, "merchant.sqlite");
  example = await startExample(dbPath);
}, 20_000);

afterAll(async () => {
  await example?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Reads the shop's file from outside, as a person at the sqlite3 prompt would. */
function inDatabase<T>(read: (db: Database.Database) => T): T {
  const db = new Database(dbPath);
  try {
    return read(db);
  } finally {
    db.close();
  }
}
const billOf = (invoice: string) =>
  inDatabase(
    (db) =>
      db.prepare("SELECT paid_at, doku_payment_key FROM bills WHERE invoice_number = ?").get(invoice) as {
        paid_at: number | null;
        doku_payment_key: string | null;
      },
  );
/** Which of these keys the shop's inbox holds. */
const inboxHolds = (...keys: string[]) =>
  inDatabase((db) => keys.filter((key) => db.prepare("SELECT 1 FROM doku_inbox WHERE id = ?").get(key) !== undefined));
const keysOf = (requestId: string, idempotencyKey: string | undefined) => [
  `notification:request:${EXAMPLE_CLIENT_ID}:${requestId}`,
  `notification:payment:${idempotencyKey}`,
];

async function newOrder(): Promise<{ invoice: string; code: string }> {
  const res = await fetch(`${example.url}/api/orders`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ amount: 25000, customer_name: "Gita" }),
  });
  const body = (await res.json()) as { invoice_number: string; payment_code: string };
  return { invoice: body.invoice_number, code: body.payment_code };
}

/** One signed notification, sent as DOKU sends it and sends it again: the same Request-Id and bytes. */
function notification(order: { invoice: string; code: string }, requestId = randomUUID()) {
  const signed = signDokuRequest({
    clientId: EXAMPLE_CLIENT_ID,
    secretKey: EXAMPLE_SECRET,
    requestTarget: "/doku/notify",
    requestId,
    body: buildNotificationBody({
      invoiceNumber: order.invoice,
      amount: 25000,
      paymentCode: order.code,
      agentTrxId: `TRX-${order.invoice}`,
    }),
  });
  return {
    requestId,
    send: async () =>
      (await fetch(`${example.url}/doku/notify`, { method: "POST", headers: signed.headers, body: signed.body }))
        .status,
  };
}

/** The notification router's event lines for a Request-Id in the shop's log, once there are `count`. */
async function eventsFor(requestId: string, count: number) {
  for (let waited = 0; ; waited += 50) {
    const events = example
      .output()
      .split("\n")
      .filter((line) => line.includes('"event":"doku_notification"') && line.includes(requestId))
      .map((line) => JSON.parse(line) as { reason: string; replayed: boolean; idempotencyKey?: string });
    if (events.length >= count || waited > 5000) return events;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it("creates the inbox's table at start-up, in the shop's own file", () => {
  const table = inDatabase((db) => db.prepare("SELECT name FROM sqlite_master WHERE name = 'doku_inbox'").get());
  expect(table).toEqual({ name: "doku_inbox" });
});

it("a notification whose onPayment failed leaves nothing, and its retry pays the order once", async () => {
  const order = await newOrder();
  const first = notification(order);
  // The bill's write fails inside onPayment, after the inbox inserted the notification's keys.
  inDatabase((db) =>
    db.exec(`CREATE TRIGGER refuse_payment BEFORE UPDATE OF paid_at ON bills WHEN NEW.invoice_number = '${order.invoice}'
             BEGIN SELECT RAISE(ABORT, 'the disk is full'); END`),
  );
  expect(await first.send()).toBe(500);
  const [failed] = await eventsFor(first.requestId, 1);
  expect(failed).toMatchObject({ reason: "handler_error" });
  expect(billOf(order.invoice)).toEqual({ paid_at: null, doku_payment_key: null });
  expect(inboxHolds(...keysOf(first.requestId, failed?.idempotencyKey))).toEqual([]);

  inDatabase((db) => db.exec("DROP TRIGGER refuse_payment"));
  expect(await first.send()).toBe(200);
  const [, handled] = await eventsFor(first.requestId, 2);
  expect(handled).toMatchObject({ reason: "handled", idempotencyKey: failed?.idempotencyKey });
  const paid = billOf(order.invoice);
  expect(paid).toEqual({ paid_at: expect.any(Number), doku_payment_key: failed?.idempotencyKey });
  // Its two keys, committed with the bill: the Request-Id's and the payment's.
  const keys = keysOf(first.requestId, failed?.idempotencyKey);
  expect(inboxHolds(...keys)).toEqual(keys);

  // DOKU's retry of the same request, and the same payment under a new Request-Id: answered, not run.
  const again = notification(order);
  expect(await first.send()).toBe(200);
  expect(await again.send()).toBe(200);
  expect((await eventsFor(first.requestId, 3)).at(-1)).toMatchObject({ reason: "duplicate", replayed: true });
  expect(await eventsFor(again.requestId, 1)).toEqual([
    expect.objectContaining({ reason: "duplicate", replayed: true }),
  ]);
  expect(billOf(order.invoice)).toEqual(paid);
  expect(inboxHolds(...keysOf(again.requestId, failed?.idempotencyKey))).toEqual([keys[1]]);
});

it("a notification recorded before a restart is not run again after it", async () => {
  const order = await newOrder();
  const sent = notification(order);
  expect(await sent.send()).toBe(200);
  const paid = billOf(order.invoice);
  await example.stop();
  example = await startExample(dbPath);
  // Found in the file's inbox: answered 200 without running onPayment (a memory store would have forgotten it).
  expect(await sent.send()).toBe(200);
  expect(await eventsFor(sent.requestId, 1)).toEqual([
    expect.objectContaining({ reason: "duplicate", replayed: true }),
  ]);
  expect(billOf(order.invoice)).toEqual(paid);
}, 20_000);
