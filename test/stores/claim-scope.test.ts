import { ClaimScope } from "../../src/stores/claim-scope";
import { countedStore } from "../support/store-holder";

const DONE = { statusCode: 200, headers: { "Content-Type": "application/json" }, body: Buffer.from('{"status":"OK"}') };

/** A memory store recording its complete and release calls; `release` may fail first. */
function recorded(release: () => Promise<unknown> = () => Promise.resolve()) {
  const counted = countedStore({ release: async (key, token) => (await release(), counted.inner.release(key, token)) });
  const writes = () => counted.calls.filter((c) => !c.startsWith("claim "));
  return { store: counted.store, calls: writes };
}

describe("the claims one request holds", () => {
  it("releases what it claimed and did not complete, and nothing it found held elsewhere", async () => {
    const { store, calls } = recorded();
    await store.claim("elsewhere", "fp", 10_000);
    const scope = new ClaimScope(store, 10_000, 0);
    expect(await scope.claim("mine", "fp")).toMatchObject({ state: "claimed" });
    expect(await scope.claim("elsewhere", "fp")).toEqual({ state: "pending", fingerprint: "fp" });
    await scope.close();
    expect(calls()).toEqual(["release mine"]);
    expect(await store.claim("mine", "fp", 10_000)).toMatchObject({ state: "claimed" });
  });

  it("completes only what it holds, and then has nothing to release", async () => {
    const { store, calls } = recorded();
    const scope = new ClaimScope(store, 10_000, 0);
    await scope.claim("mine", "fp");
    expect(await scope.complete("never-claimed", "fp", DONE, 60_000)).toBe(false);
    expect(await scope.complete("mine", "fp", DONE, 60_000)).toBe(true);
    expect(await scope.complete("mine", "fp", DONE, 60_000)).toBe(false);
    await scope.close();
    expect(calls()).toEqual(["complete mine"]);
  });

  it("hands a claim off with its token, and then leaves it alone", async () => {
    const { store, calls } = recorded();
    const scope = new ClaimScope(store, 10_000, 0);
    const claimed = await scope.claim("mine", "fp");
    expect(scope.handOff("mine")).toBe(claimed.state === "claimed" ? claimed.token : "no token");
    expect(scope.handOff("mine")).toBeUndefined();
    await scope.close();
    expect(calls()).toEqual([]);
  });

  it("closes without throwing when a release fails (the lease then runs out by itself)", async () => {
    const { store, calls } = recorded(() => Promise.reject(new Error("store down")));
    const scope = new ClaimScope(store, 10_000, 0);
    await scope.claim("a", "fp");
    await scope.claim("b", "fp");
    await expect(scope.close()).resolves.toBeUndefined();
    expect(calls().sort()).toEqual(["release a", "release b"]);
  });
});
