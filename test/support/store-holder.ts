import { createMemoryStore } from "../../src";
import type { Answer } from "../../src/http/answer";
import type { ClaimResult, DokuStore } from "../../src/stores/store";

/**
 * A store used the way one holder uses it: the token of its latest claim on each key is kept
 * and given back on complete, release and renew. `complete` on a key it never claimed claims
 * it first, for tests that only store an answer.
 */
export function asHolder<S extends DokuStore>(store: S) {
  const tokens = new Map<string, string>();
  const holder = {
    store,
    tokenOf: (key: string) => tokens.get(key),
    async claim(key: string, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
      const result = await store.claim(key, fingerprint, leaseMs);
      if (result.state === "claimed") tokens.set(key, result.token);
      return result;
    },
    async complete(key: string, fingerprint: string, answer: Answer, ttlMs: number): Promise<boolean> {
      if (!tokens.has(key) && (await holder.claim(key, fingerprint, 60_000)).state !== "claimed") return false;
      return store.complete(key, tokens.get(key) as string, fingerprint, answer, ttlMs);
    },
    release: (key: string) => store.release(key, tokens.get(key) ?? "never-claimed"),
    renew: (key: string, leaseMs: number) => store.renew(key, tokens.get(key) ?? "never-claimed", leaseMs),
  };
  return holder;
}

/** A memory store whose calls are counted by method, for tests of what a caller asks of its store. */
export function countedStore(around: Partial<DokuStore> = {}) {
  const inner = createMemoryStore();
  const calls: string[] = [];
  const store: DokuStore = {
    claim: (key, ...rest) => (calls.push(`claim ${key}`), (around.claim ?? inner.claim.bind(inner))(key, ...rest)),
    complete: (key, ...rest) => (
      calls.push(`complete ${key}`),
      (around.complete ?? inner.complete.bind(inner))(key, ...rest)
    ),
    release: (key, ...rest) => (
      calls.push(`release ${key}`),
      (around.release ?? inner.release.bind(inner))(key, ...rest)
    ),
    renew: (key, ...rest) => (calls.push(`renew ${key}`), (around.renew ?? inner.renew.bind(inner))(key, ...rest)),
  };
  return {
    store,
    inner,
    calls,
    count: (method: keyof DokuStore) => calls.filter((c) => c.startsWith(`${method} `)).length,
  };
}
