import type { Answer } from "../../src/answer";
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
