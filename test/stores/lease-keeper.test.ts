import type { DokuStore } from "../../src";
import { keepLease } from "../../src/stores/lease-keeper";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A store whose renewals answer as told, and are counted. */
function renewing(answer: () => Promise<boolean>) {
  let renewals = 0;
  const store: DokuStore = {
    claim: () => Promise.reject(new Error("not used")),
    complete: () => Promise.reject(new Error("not used")),
    release: () => Promise.reject(new Error("not used")),
    renew: () => {
      renewals++;
      return answer();
    },
  };
  return { store, renewals: () => renewals };
}

describe("keeping a lease while the work runs", () => {
  it("renews every third of the lease until stopped, then never again", async () => {
    const { store, renewals } = renewing(async () => true);
    const lost: string[] = [];
    const lease = keepLease(store, "k", "t", 60, (why) => lost.push(why));
    await sleep(110);
    expect(renewals()).toBeGreaterThanOrEqual(3);
    expect(renewals()).toBeLessThanOrEqual(7);
    lease.stop();
    const atStop = renewals();
    await sleep(80);
    expect(renewals()).toBe(atStop);
    expect(lost).toEqual([]);
    expect(lease.lost).toBeUndefined();
  });

  it("says once that the claim was taken over, and stops renewing", async () => {
    const { store, renewals } = renewing(async () => false);
    const lost: string[] = [];
    const lease = keepLease(store, "k", "t", 30, (why) => lost.push(why));
    await sleep(100);
    expect(lost).toEqual(["the claim was taken over: its lease had run out"]);
    expect(lease.lost).toBe("the claim was taken over: its lease had run out");
    expect(renewals()).toBe(1);
    lease.stop();
  });

  it("says once that renewing failed when the store fails, even with renewals still in flight", async () => {
    const { store } = renewing(() => sleep(40).then(() => Promise.reject(new Error("store down"))));
    const lost: string[] = [];
    const lease = keepLease(store, "k", "t", 30, (why) => lost.push(why));
    await sleep(150);
    expect(lost).toEqual(["renewing the lease failed: store down"]);
    lease.stop();
  });

  it("says nothing about a renewal that comes back after stop()", async () => {
    const { store, renewals } = renewing(() => sleep(40).then(() => false));
    const lost: string[] = [];
    const lease = keepLease(store, "k", "t", 30, (why) => lost.push(why));
    await sleep(15);
    expect(renewals()).toBe(1);
    lease.stop();
    await sleep(60);
    expect(lost).toEqual([]);
    expect(lease.lost).toBeUndefined();
  });
});
