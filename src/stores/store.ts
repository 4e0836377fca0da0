import type { Answer } from "../http/answer";

/**
 * What a key holds: nothing yet (the caller now owns it), a claim still being worked on,
 * or the finished answer to replay.
 */
export type ClaimResult =
  | { state: "claimed" }
  | { state: "pending"; fingerprint: string }
  | { state: "completed"; fingerprint: string; answer: Answer };

/**
 * Replay and idempotency store, shared by the inquiry router (Request-Id replay) and the
 * notification router (at-most-once handling). Every method must be atomic per key across
 * all the app's instances; every key it writes must expire.
 */
export interface DokuStore {
  /**
   * Claims `key` for `leaseMs` if nobody holds it (or it expired) and returns `claimed`;
   * otherwise returns what is there without changing it. `fingerprint` identifies the
   * request (its body digest), so a reused key with another body can be told apart.
   */
  claim(key: string, fingerprint: string, leaseMs: number): Promise<ClaimResult>;
  /** Records the answer for `key`, kept for `ttlMs`; later claims return it as `completed`. */
  complete(key: string, fingerprint: string, answer: Answer, ttlMs: number): Promise<void>;
  /** Drops a claim whose work failed, so that the next attempt runs it again. */
  release(key: string): Promise<void>;
}
