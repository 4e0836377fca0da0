import type { ClaimResult, DokuStore } from "./store";

export interface ClaimOrWaitInput {
  store: DokuStore;
  key: string;
  fingerprint: string;
  leaseMs: number;
  /** How long to wait for a claim held elsewhere to finish before giving up (`pending`). */
  waitMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Claims the key, or waits for whoever holds it: the result is `claimed`, `completed`, or
 * `pending` only when the holder is still at work after `waitMs`. A claim whose holder
 * released it is taken over. Polls, so it works the same with a store on another machine.
 */
export async function claimOrWait(input: ClaimOrWaitInput): Promise<ClaimResult> {
  const deadline = Date.now() + input.waitMs;
  let pause = 5;
  for (;;) {
    const result = await input.store.claim(input.key, input.fingerprint, input.leaseMs);
    if (result.state !== "pending" || result.fingerprint !== input.fingerprint) return result;
    const left = deadline - Date.now();
    if (left <= 0) return result;
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * 2, 100);
  }
}
