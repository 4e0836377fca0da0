import type { Answer } from "../http/answer";

/**
 * What a key holds: nothing yet (the caller now holds it, under `token`), a claim still being
 * worked on, or the finished answer to replay.
 */
export type ClaimResult =
  | { state: "claimed"; token: string }
  | { state: "pending"; fingerprint: string }
  | { state: "completed"; fingerprint: string; answer: Answer };

/**
 * What a readiness probe learns from a store or an inbox. `ready` is false only when the store
 * or database did not answer (or, for an inbox, its table is missing); `warnings` name settings
 * under which a handled notification could run again, and leave it ready.
 */
export interface Readiness {
  ready: boolean;
  /** A sentence for a person: what answered, or what did not and why. */
  detail: string;
  warnings: string[];
}

/** How long `ready()` may take. */
export interface ReadyOptions {
  /** Longer than this is not ready. Default 1,000 ms. */
  timeoutMs?: number;
}

/**
 * Replay and idempotency store, shared by the inquiry router (Request-Id replay) and the
 * notification router (at-most-once handling). Every method must be atomic per key across
 * all the app's instances; every key it writes must expire. A claim belongs to its holder:
 * `complete`, `release` and `renew` change a key only while the `token` that `claim` handed
 * out still holds it (a holder whose lease ran out and was taken over changes nothing).
 */
export interface DokuStore {
  /**
   * Claims `key` for `leaseMs` if nobody holds it (or it expired) and returns `claimed` with a
   * token of its own; otherwise returns what is there without changing it. `fingerprint`
   * identifies the request (its body digest), so a reused key with another body can be told apart.
   */
  claim(key: string, fingerprint: string, leaseMs: number): Promise<ClaimResult>;
  /** Records the answer for `key`, kept for `ttlMs`, if `token` still holds it; says whether it did. */
  complete(key: string, token: string, fingerprint: string, answer: Answer, ttlMs: number): Promise<boolean>;
  /** Drops the claim so that the next attempt runs the work, if `token` still holds it; says whether it did. */
  release(key: string, token: string): Promise<boolean>;
  /** Extends the claim to `leaseMs` from now, if `token` still holds it; says whether it did. */
  renew(key: string, token: string, leaseMs: number): Promise<boolean>;
  /** For a readiness probe: whether the store answers, and its durability warnings. Never rejects. Optional. */
  ready?(options?: ReadyOptions): Promise<Readiness>;
}
