import { notificationContentKey, paymentNotificationSchema } from "../../src/protocol";
import { CLIENT_ID, Shop } from "./reconciler-shop";

// The reconciler against the local DOKU, with the notification router of the same shop: a
// payment whose notification is lost is found with Check Status and handled once, whatever
// comes first. The reconciler's clock is fake (60 s rule); DOKU and the shop are real.
const MINUTE = 60_000;

describe.each([
  ["a memory store", false],
  ["a SQLite inbox", true],
])("the reconciler over %s", (_name, inbox) => {
  let shop: Shop;
  beforeEach(async () => {
    shop = await Shop.start({ inbox });
  });
  afterEach(() => shop.close());

  it("finds a payment whose notification was lost and runs onPayment once", async () => {
    const order = await shop.order();
    const paid = await shop.pay(order, false);
    expect(paid).toMatchObject({ paid: true, notification: { state: "dropped" } });
    expect(shop.runs).toEqual([]);

    shop.clock += MINUTE;
    const sweep = await shop.reconciler.reconcile();
    expect(sweep).toMatchObject({ checked: 1, found: { delivered: 1, duplicate: 0, failed: 0, refused: 0 } });
    expect(shop.runs).toEqual([
      expect.objectContaining({ invoice: order.invoiceNumber, source: "reconciler", hasReq: false }),
    ]);
    expect(shop.runs[0]?.requestId).toMatch(new RegExp(`^reconciler:${order.invoiceNumber}:SUCCESS:[0-9a-f]{16}$`));
    expect(shop.found).toEqual(["delivered"]);
    expect(shop.events).toContainEqual(
      expect.objectContaining({ type: "found", outcome: "delivered", reason: "handled", level: "warn" }),
    );

    // Paid: the shop no longer lists it, and nothing is asked or run again.
    shop.clock += 10 * MINUTE;
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 0 });
    expect(order.paid).toBe(1);
  });

  it("then the lost notification, delivered late by DOKU's retry, is a duplicate: onPayment not run again", async () => {
    const order = await shop.order();
    shop.down = true;
    const paid = await shop.pay(order);
    expect(paid.notification).toMatchObject({ state: "retrying" });
    shop.down = false;

    shop.clock += MINUTE;
    await shop.reconciler.reconcile();
    expect(shop.runs.map((r) => r.source)).toEqual(["reconciler"]);

    expect(await shop.emulator.advanceClock(31 * MINUTE)).toBe(1);
    expect(shop.emulator.notifications().notifications[0]).toMatchObject({ state: "delivered" });
    expect(shop.notificationEvents.at(-1)).toMatchObject({ reason: "duplicate", statusCode: 200, replayed: true });
    expect(shop.runs.map((r) => r.source)).toEqual(["reconciler"]);
    expect(order.paid).toBe(1);
  });

  it("a notification that came first makes the reconciler's find a duplicate", async () => {
    const order = await shop.order();
    await shop.pay(order);
    expect(shop.runs.map((r) => r.source)).toEqual(["notification"]);
    // Listed still, as a shop whose list was read before the notification's commit.
    order.paid = 0;

    shop.clock += MINUTE;
    expect(await shop.reconciler.reconcile()).toMatchObject({ found: { delivered: 0, duplicate: 1 } });
    expect(shop.runs.map((r) => r.source)).toEqual(["notification"]);
    expect(shop.found).toEqual(["duplicate"]);
    expect(shop.events).toContainEqual(
      expect.objectContaining({ type: "found", outcome: "duplicate", reason: "duplicate", level: "info" }),
    );
  });

  it("a SUCCESS whose onPayment throws is not recorded, and is delivered again later", async () => {
    const order = await shop.order();
    await shop.pay(order, false);
    shop.failPayments = new Error("database is read-only");
    shop.clock += MINUTE;
    expect(await shop.reconciler.reconcile()).toMatchObject({ found: { failed: 1 } });
    expect(shop.events).toContainEqual(
      expect.objectContaining({ type: "found", outcome: "failed", reason: "handler_error", retryInMs: MINUTE }),
    );
    shop.failPayments = undefined;
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 0 });
    shop.clock += MINUTE;
    expect(await shop.reconciler.reconcile()).toMatchObject({ found: { delivered: 1 } });
    expect(order.paid).toBe(1);
  });
});

describe("the content key", () => {
  let shop: Shop;
  beforeEach(async () => {
    shop = await Shop.start();
  });
  afterEach(() => shop.close());

  it("is the same for the emulator's Check Status answer and its notification of one payment", async () => {
    const order = await shop.order();
    await shop.pay(order);
    const notified = shop.runs[0] as { idempotencyKey: string };
    const sent = shop.emulator.calls().calls.find((c) => c.kind === "notification")?.body as string;
    const notification = paymentNotificationSchema.parse(JSON.parse(sent));
    expect(notificationContentKey(CLIENT_ID, notification)).toBe(notified.idempotencyKey);

    order.paid = 0;
    shop.clock += MINUTE;
    await shop.reconciler.reconcile();
    const found = shop.events.find((e) => e.type === "found");
    expect(found).toMatchObject({ outcome: "duplicate", idempotencyKey: notified.idempotencyKey });
  });
});

describe("DOKU's errors and timeouts in Check Status", () => {
  let shop: Shop;
  beforeEach(async () => {
    shop = await Shop.start();
  });
  afterEach(() => shop.close());

  it.each([
    ["a 503", { outcome: "error_status", status: 503 }, "api"],
    ["a gateway's HTML page", { outcome: "html" }, "api"],
    ["a reset connection", { outcome: "reset" }, "connection"],
    ["a lost answer (timeout)", { outcome: "lose_answer" }, "connection"],
    ["an answer slower than the client's timeout", { latencyMs: 2_000 }, "connection"],
  ] as const)("%s: retried later, never a payment marked from it", async (_name, fault, errorType) => {
    const order = await shop.order();
    await shop.pay(order, false);
    shop.emulator.addFault({ route: "status", times: 1, ...fault });

    shop.clock += MINUTE;
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 1, failed: 1, found: { delivered: 0 } });
    expect(shop.runs).toEqual([]);
    expect(shop.events).toContainEqual(
      expect.objectContaining({
        type: "check_failed",
        errorType,
        retryInMs: MINUTE,
        invoiceNumber: order.invoiceNumber,
      }),
    );
    expect(shop.found).toEqual([]);

    // Not asked again before its backoff ends.
    const calls = shop.statusCalls();
    shop.clock += MINUTE - 1;
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 0 });
    expect(shop.statusCalls()).toBe(calls);

    shop.clock += 1;
    expect(await shop.reconciler.reconcile()).toMatchObject({ found: { delivered: 1 } });
    expect(order.paid).toBe(1);
  });

  it("an answer whose signature does not verify (enforce) marks nothing paid", async () => {
    await shop.close();
    shop = await Shop.start({ client: { verifyResponses: "enforce" } });
    const order = await shop.order();
    await shop.pay(order, false);
    shop.emulator.addFault({ route: "status", signature: "wrong", times: 1 });
    shop.clock += MINUTE;
    expect(await shop.reconciler.reconcile()).toMatchObject({ failed: 1 });
    expect(shop.events).toContainEqual(expect.objectContaining({ errorType: "response_signature" }));
    expect(shop.runs).toEqual([]);
  });

  it("backs off, doubling, while DOKU keeps failing; a sweep stops asking once DOKU fails", async () => {
    const orders = [await shop.order(), await shop.order(), await shop.order()];
    for (const order of orders) await shop.pay(order, false);
    shop.emulator.addFault({ route: "status", outcome: "error_status", status: 503 });

    shop.clock += MINUTE;
    // Two at once (the default concurrency) fail; the third is left for a later sweep.
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 2, failed: 2, deferred: 1 });
    shop.clock += MINUTE;
    const second = await shop.reconciler.reconcile();
    expect(second.failed).toBeGreaterThanOrEqual(1);
    const delays = shop.events.filter((e) => e.type === "check_failed").map((e) => e.retryInMs);
    expect(delays).toContain(2 * MINUTE);
    expect(shop.runs).toEqual([]);

    shop.emulator.clearFaults();
    shop.clock += 2 * MINUTE;
    await shop.reconciler.reconcile();
    expect(orders.map((o) => o.paid)).toEqual([1, 1, 1]);
  });
});

describe("what the reconciler does not deliver", () => {
  let shop: Shop;
  beforeEach(async () => {
    shop = await Shop.start();
  });
  afterEach(() => shop.close());

  it("a SUCCESS for another amount than the order's: refused, an error event", async () => {
    const order = await shop.order(150_000);
    await shop.pay(order, false);
    order.amount = 99_000;
    shop.clock += MINUTE;
    expect(await shop.reconciler.reconcile()).toMatchObject({ found: { refused: 1 } });
    expect(shop.runs).toEqual([]);
    expect(shop.found).toEqual(["refused"]);
    expect(shop.events).toContainEqual(
      expect.objectContaining({
        type: "found",
        outcome: "refused",
        level: "error",
        invoiceNumber: order.invoiceNumber,
      }),
    );
  });

  it("PENDING: asked again an interval later; EXPIRED: never again", async () => {
    const order = await shop.order();
    shop.clock += MINUTE;
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 1, found: { delivered: 0 } });
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 0 });
    shop.clock += MINUTE;
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 1 });

    expect(shop.emulator.expire(order.paymentCode)).toBe(true);
    shop.clock += MINUTE;
    await shop.reconciler.reconcile();
    expect(shop.events).toContainEqual(
      expect.objectContaining({ type: "not_paid", status: "EXPIRED", invoiceNumber: order.invoiceNumber }),
    );
    shop.clock += 60 * MINUTE;
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 0 });
    expect(shop.runs).toEqual([]);
  });
});
