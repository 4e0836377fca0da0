import { createMemoryStore, createReconciler, type DokuClient, type ReconcilerEvent } from "../../src";
import { CLIENT_ID, Shop } from "./reconciler-shop";

// When and how much the reconciler asks DOKU: the 60 s rule, concurrency, calls per minute, and
// sweeps on an interval that never overlap. The 60 s rule and the rate run on the fake clock.
const MINUTE = 60_000;

describe("the reconciler's bounds, against the local DOKU", () => {
  let shop: Shop;
  afterEach(() => shop.close());

  it("asks about no order sooner than 60 s after it was made", async () => {
    shop = await Shop.start();
    const order = await shop.order();
    await shop.pay(order, false);
    shop.clock += MINUTE - 1;
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 0 });
    expect(shop.statusCalls()).toBe(0);
    shop.clock += 1;
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 1, found: { delivered: 1 } });
    expect(shop.statusCalls()).toBe(1);
  });

  it("makes at most `concurrency` calls at once and `callsPerMinute` in any 60 s", async () => {
    shop = await Shop.start({ reconciler: { concurrency: 3, callsPerMinute: 5 } });
    let inFlight = 0;
    let most = 0;
    const asked: string[] = [];
    const client = shop.client;
    // The real client, counted.
    const counted: Pick<DokuClient, "getStatus"> = {
      getStatus: async (id, options) => {
        most = Math.max(most, ++inFlight);
        asked.push(id);
        try {
          return await client.getStatus(id, options);
        } finally {
          inFlight--;
        }
      },
    };
    shop.reconciler = createReconciler<unknown>({
      client: counted,
      pending: () => [...shop.orders.values()].filter((o) => o.paid === 0),
      onPayment: () => undefined,
      clientId: CLIENT_ID,
      store: createMemoryStore(),
      concurrency: 3,
      callsPerMinute: 5,
      now: () => shop.clock,
    });
    for (let i = 0; i < 12; i++) await shop.order();
    shop.emulator.addFault({ route: "status", latencyMs: 100 });

    shop.clock += MINUTE;
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 5, deferred: 7 });
    expect(most).toBe(3);
    const first = new Set(asked);
    shop.clock += MINUTE - 1;
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 0, deferred: 7 });
    shop.clock += 1;
    // The five asked (PENDING) are due again too: those never asked go first.
    expect(await shop.reconciler.reconcile()).toMatchObject({ checked: 5, deferred: 7 });
    expect(asked.slice(5).filter((id) => first.has(id))).toEqual([]);
    expect(shop.statusCalls()).toBe(10);
    expect(most).toBe(3);
  });
});

describe("sweeps on an interval", () => {
  const orders = [{ invoiceNumber: "INV-SLOW-1", amount: 1000, createdAt: 0 }];

  function slowReconciler(intervalMs: number, events: ReconcilerEvent[]) {
    let sweeps = 0;
    let running = 0;
    let overlapped = false;
    let calls = 0;
    const client: Pick<DokuClient, "getStatus"> = {
      // DOKU knows no payment for it, after a while: an answer that leaves the order pending.
      getStatus: (_id, options) =>
        new Promise((_resolve, reject) => {
          calls++;
          const timer = setTimeout(
            () => reject(Object.assign(new Error("no such invoice"), { name: "DokuError", type: "not_found" })),
            40,
          );
          options?.signal?.addEventListener("abort", () => {
            clearTimeout(timer);
            reject(Object.assign(new Error("aborted"), { name: "DokuError", type: "connection" }));
          });
        }),
    };
    const reconciler = createReconciler({
      client,
      pending: async () => {
        sweeps++;
        if (++running > 1) overlapped = true;
        await new Promise((done) => setTimeout(done, 30));
        running--;
        return orders;
      },
      onPayment: () => undefined,
      clientId: CLIENT_ID,
      store: createMemoryStore(),
      intervalMs,
      minAgeMs: 0,
      onEvent: (e) => events.push(e),
    });
    return { reconciler, sweeps: () => sweeps, overlapped: () => overlapped, calls: () => calls };
  }

  it("never starts a sweep while the last runs, and stop() ends them", async () => {
    const events: ReconcilerEvent[] = [];
    const slow = slowReconciler(1, events);
    slow.reconciler.start();
    slow.reconciler.start();
    const manual = slow.reconciler.reconcile();
    await new Promise((done) => setTimeout(done, 400));
    expect(slow.sweeps()).toBeGreaterThan(2);
    expect(slow.overlapped()).toBe(false);
    await manual;
    await slow.reconciler.stop();
    const after = slow.sweeps();
    await new Promise((done) => setTimeout(done, 100));
    expect(slow.sweeps()).toBe(after);
    // An aborted call is no failure to report.
    expect(events.filter((e) => e.type === "check_failed")).toEqual([]);
  });

  it("stop() aborts a Check Status in flight", async () => {
    const slow = slowReconciler(MINUTE, []);
    slow.reconciler.start();
    while (slow.calls() === 0) await new Promise((done) => setTimeout(done, 5));
    const stopped = Date.now();
    await slow.reconciler.stop();
    expect(Date.now() - stopped).toBeLessThan(40);
  });

  it("reports pending() failing as an error event, and sweeps again", async () => {
    const events: ReconcilerEvent[] = [];
    let calls = 0;
    const reconciler = createReconciler({
      client: { getStatus: () => Promise.reject(new Error("not called")) },
      pending: () => {
        calls++;
        throw new Error("the orders table is locked");
      },
      onPayment: () => undefined,
      clientId: CLIENT_ID,
      store: createMemoryStore(),
      intervalMs: 5,
      onEvent: (e) => events.push(e),
    });
    await expect(reconciler.reconcile()).rejects.toThrow("the orders table is locked");
    reconciler.start();
    while (calls < 3) await new Promise((done) => setTimeout(done, 5));
    await reconciler.stop();
    expect(events[0]).toMatchObject({ type: "sweep", level: "error", detail: expect.stringContaining("locked") });
  });
});

describe("createReconciler's options", () => {
  const client = { getStatus: () => Promise.reject(new Error("not called")) };
  const base = {
    client,
    pending: () => [],
    onPayment: () => undefined,
    clientId: CLIENT_ID,
    store: createMemoryStore(),
  };

  it.each([
    [{ ...base, store: undefined }, /inbox.*or `store` is required/],
    [{ ...base, client: {} }, /client.*must be a DOKU client/],
    [{ ...base, pending: undefined }, /pending/],
    [{ ...base, clientId: undefined }, /clientId.*required/],
    [
      {
        ...base,
        clientId: undefined,
        clients: [
          { clientId: "A", secretKeys: ["SK-A-1"] },
          { clientId: "B", secretKeys: ["SK-B-1"] },
        ],
      },
      /clientId.*2 clients/,
    ],
    [{ ...base, clientId: "C", clients: [{ clientId: "A", secretKeys: ["SK-A-1"] }] }, /not one of clients/],
    [{ ...base, concurrency: 0 }, /concurrency/],
    [{ ...base, callsPerMinute: 1.5 }, /callsPerMinute/],
    [{ ...base, inbox: { record: () => undefined } }, /store.*with an inbox/],
  ])("refuses %#", (options, message) => {
    expect(() => createReconciler(options as never)).toThrow(message);
  });

  it("takes the Client-Id from the router's one client", () => {
    expect(() =>
      createReconciler({ ...base, clientId: undefined, clients: [{ clientId: "A", secretKeys: ["SK-A-1"] }] }),
    ).not.toThrow();
  });

  it("skips what pending() lists that is not an order, with an event", async () => {
    const events: ReconcilerEvent[] = [];
    const reconciler = createReconciler({
      ...base,
      pending: () =>
        [
          { invoiceNumber: "", amount: 1, createdAt: 0 },
          null,
          { invoiceNumber: "INV-1", amount: "x", createdAt: 0 },
        ] as never,
      onEvent: (e) => events.push(e),
    });
    expect(await reconciler.reconcile()).toMatchObject({ checked: 0 });
    expect(events.map((e) => e.type)).toEqual(["skipped", "skipped", "skipped"]);
  });
});
