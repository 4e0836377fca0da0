import { claimOrWait } from "../../src/stores/claim-or-wait";
import { countedStore } from "../support/store-holder";

const answer = {
  statusCode: 200,
  headers: { "Content-Type": "application/json" },
  body: Buffer.from('{"status":"OK"}'),
};

function counted() {
  const { store, count } = countedStore();
  return { store, claims: () => count("claim") };
}

describe("claiming, or waiting for whoever holds the key", () => {
  it("claims a free key at once", async () => {
    const { store, claims } = counted();
    expect(await claimOrWait({ store, key: "k", fingerprint: "fp", leaseMs: 1_000, waitMs: 1_000 })).toMatchObject({
      state: "claimed",
    });
    expect(claims()).toBe(1);
  });

  it("waits for the holder's answer, polling every 5 ms at first and backing off to 100 ms", async () => {
    const { store, claims } = counted();
    const first = await store.claim("k", "fp", 10_000);
    if (first.state !== "claimed") throw new Error("not claimed");
    setTimeout(() => void store.complete("k", first.token, "fp", answer, 60_000), 400);
    const started = Date.now();
    const result = await claimOrWait({ store, key: "k", fingerprint: "fp", leaseMs: 10_000, waitMs: 2_000 });
    expect(result).toMatchObject({ state: "completed", fingerprint: "fp" });
    expect(Date.now() - started).toBeLessThan(1_000);
    // 5 + 10 + 20 + 40 + 80 + 100 + 100 + … ms: about eight polls in 400 ms, never one per millisecond.
    expect(claims()).toBeGreaterThanOrEqual(6);
    expect(claims()).toBeLessThanOrEqual(12);
  });

  it("gives up after waitMs with the holder still at work, and says so", async () => {
    const { store, claims } = counted();
    await store.claim("k", "fp", 10_000);
    const started = Date.now();
    expect(await claimOrWait({ store, key: "k", fingerprint: "fp", leaseMs: 10_000, waitMs: 150 })).toEqual({
      state: "pending",
      fingerprint: "fp",
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(claims()).toBeLessThanOrEqual(8);
  });

  it("answers a claim with another body at once, without waiting", async () => {
    const { store, claims } = counted();
    await store.claim("k", "fp", 10_000);
    const started = Date.now();
    expect(await claimOrWait({ store, key: "k", fingerprint: "other", leaseMs: 10_000, waitMs: 2_000 })).toEqual({
      state: "pending",
      fingerprint: "fp",
    });
    expect(Date.now() - started).toBeLessThan(100);
    expect(claims()).toBe(2); // the holder's, and this one
  });

  it("takes over a claim its holder released while it waited", async () => {
    const { store } = counted();
    const first = await store.claim("k", "fp", 10_000);
    if (first.state !== "claimed") throw new Error("not claimed");
    setTimeout(() => void store.release("k", first.token), 50);
    expect(await claimOrWait({ store, key: "k", fingerprint: "fp", leaseMs: 10_000, waitMs: 2_000 })).toMatchObject({
      state: "claimed",
    });
  });
});
