import type { Answer } from "../http/answer";
import { claimOrWait } from "./claim-or-wait";
import type { ClaimResult, DokuStore } from "./store";

/**
 * The claims one request holds, in one place: whatever it claims is released when the scope
 * closes, unless it was completed or handed off first. So every path that is not a success
 * releases, without a release placed by hand on each return.
 */
export class ClaimScope {
  readonly #store: DokuStore;
  readonly #leaseMs: number;
  readonly #waitMs: number;
  readonly #held = new Map<string, string>();

  constructor(store: DokuStore, leaseMs: number, waitMs: number) {
    this.#store = store;
    this.#leaseMs = leaseMs;
    this.#waitMs = waitMs;
  }

  /** Claims the key (or waits for whoever holds it, up to `waitMs`); a claim made is held by the scope. */
  async claim(key: string, fingerprint: string): Promise<ClaimResult> {
    const result = await claimOrWait({
      store: this.#store,
      key,
      fingerprint,
      leaseMs: this.#leaseMs,
      waitMs: this.#waitMs,
    });
    if (result.state === "claimed") this.#held.set(key, result.token);
    return result;
  }

  /** Records the answer under a claim the scope holds; `false` when it no longer held the key. */
  async complete(key: string, fingerprint: string, answer: Answer, ttlMs: number): Promise<boolean> {
    const token = this.#held.get(key);
    if (token === undefined) return false;
    this.#held.delete(key);
    return this.#store.complete(key, token, fingerprint, answer, ttlMs);
  }

  /** Takes a claim out of the scope: whoever takes it now completes or releases it. */
  handOff(key: string): string | undefined {
    const token = this.#held.get(key);
    this.#held.delete(key);
    return token;
  }

  /** Releases every claim still held. Best effort: a failed release only delays a retry until the lease ends. */
  async close(): Promise<void> {
    // The usual way out: every claim completed.
    if (this.#held.size === 0) return;
    const held = [...this.#held];
    this.#held.clear();
    await Promise.all(held.map(([key, token]) => this.#store.release(key, token).catch(() => false)));
  }
}
