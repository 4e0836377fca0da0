import { createMemoryStore, createReconciler } from "../../src";
import { CLIENT_ID } from "./reconciler-shop";

// start() and stop() however they are interleaved with each other and with reconcile(): one chain
// of sweeps, never two at once, none after stop() has resolved. pending() lists nothing, so a
// sweep is one call of it; its first call can be held open.
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function countedReconciler(intervalMs: number) {
  let sweeps = 0;
  let running = 0;
  let overlapped = false;
  let release: () => void = () => undefined;
  const held = new Promise<void>((done) => (release = done));
  let hold = false;
  const reconciler = createReconciler({
    client: { getStatus: () => Promise.reject(new Error("not called")) },
    pending: async () => {
      sweeps++;
      if (++running > 1) overlapped = true;
      try {
        if (hold) await held;
        return [];
      } finally {
        running--;
      }
    },
    onPayment: () => undefined,
    clientId: CLIENT_ID,
    store: createMemoryStore(),
    intervalMs,
  });
  return {
    reconciler,
    sweeps: () => sweeps,
    running: () => running,
    overlapped: () => overlapped,
    /** The next sweep's pending() waits for release(). */
    hold: () => (hold = true),
    release: () => {
      hold = false;
      release();
    },
  };
}

async function until(what: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !what(); i++) await sleep(5);
  expect(what()).toBe(true);
}

describe("the reconciler's start() and stop()", () => {
  it("stop() resolves only once the running sweep has ended", async () => {
    const counted = countedReconciler(60_000);
    counted.hold();
    counted.reconciler.start();
    await until(() => counted.running() === 1);
    let stopped = false;
    const stopping = counted.reconciler.stop().then(() => (stopped = true));
    await sleep(30);
    expect(stopped).toBe(false);
    counted.release();
    await stopping;
    expect(counted.running()).toBe(0);
  });

  it("start() while reconcile() runs takes that sweep as its first: no second one right after", async () => {
    const counted = countedReconciler(60_000);
    const manual = counted.reconciler.reconcile();
    counted.reconciler.start();
    await manual;
    await sleep(30);
    expect(counted.sweeps()).toBe(1);
    await counted.reconciler.stop();
  });

  it("start() twice is one chain of sweeps", async () => {
    const counted = countedReconciler(60_000);
    counted.reconciler.start();
    counted.reconciler.start();
    await sleep(30);
    expect(counted.sweeps()).toBe(1);
    await counted.reconciler.stop();
  });

  it("stop() not awaited, then start(), during a sweep: one chain, which the next stop() ends", async () => {
    const counted = countedReconciler(10);
    counted.hold();
    counted.reconciler.start();
    await until(() => counted.running() === 1);
    void counted.reconciler.stop();
    counted.reconciler.start();
    counted.release();
    await sleep(100);
    expect(counted.overlapped()).toBe(false);
    await counted.reconciler.stop();
    const after = counted.sweeps();
    await sleep(100);
    expect(counted.sweeps()).toBe(after);
    expect(counted.running()).toBe(0);
  });

  it("start() after stop() sweeps afresh once the stopped sweep has ended, not only an interval later", async () => {
    const counted = countedReconciler(60_000);
    counted.hold();
    counted.reconciler.start();
    await until(() => counted.running() === 1);
    const stopping = counted.reconciler.stop();
    counted.reconciler.start();
    await sleep(20);
    counted.release();
    await stopping;
    await until(() => counted.sweeps() === 2);
    expect(counted.overlapped()).toBe(false);
    await counted.reconciler.stop();
  });

  it("a Check Status that stop() aborted leaves its order due: asked at the next sweep, not backed off", async () => {
    let calls = 0;
    const reconciler = createReconciler({
      client: {
        // Answers only when aborted.
        getStatus: (_id, options) =>
          new Promise((_resolve, reject) => {
            calls++;
            options?.signal?.addEventListener("abort", () =>
              reject(Object.assign(new Error("aborted"), { name: "DokuError", type: "connection" })),
            );
          }),
      },
      pending: () => [{ invoiceNumber: "INV-ABORTED-1", amount: 1000, createdAt: 0 }],
      onPayment: () => undefined,
      clientId: CLIENT_ID,
      store: createMemoryStore(),
      minAgeMs: 0,
      intervalMs: 60_000,
    });
    reconciler.start();
    await until(() => calls === 1);
    await reconciler.stop();
    const sweep = reconciler.reconcile();
    await until(() => calls === 2);
    void reconciler.stop();
    expect(await sweep).toMatchObject({ checked: 1, failed: 0 });
  });

  it("stop() not awaited never rejects, even when the running sweep fails", async () => {
    const reconciler = createReconciler({
      client: { getStatus: () => Promise.reject(new Error("not called")) },
      pending: async () => {
        await sleep(20);
        throw new Error("the orders table is locked");
      },
      onPayment: () => undefined,
      clientId: CLIENT_ID,
      store: createMemoryStore(),
      onEvent: false,
    });
    const manual = reconciler.reconcile();
    await expect(reconciler.stop()).resolves.toBeUndefined();
    await expect(manual).rejects.toThrow("locked");
  });
});
