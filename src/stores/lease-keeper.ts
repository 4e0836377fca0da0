import type { DokuStore } from "./store";

/** A claim kept alive while its work runs: renewed every third of the lease until stopped. */
export interface KeptLease {
  /** Why the lease was lost (taken over, or the store failed), once it was; the holder then records nothing. */
  readonly lost: string | undefined;
  stop(): void;
}

/**
 * Renews `key` under `token` every `leaseMs / 3` until `stop()`. A renewal that fails or finds
 * the claim taken calls `onLost` once and stops: the work may now run elsewhere, so this
 * holder must not complete or release the key.
 */
export function keepLease(
  store: DokuStore,
  key: string,
  token: string,
  leaseMs: number,
  onLost: (why: string) => void,
): KeptLease {
  let lost: string | undefined;
  let stopped = false;
  const lose = (why: string) => {
    if (lost !== undefined || stopped) return;
    lost = why;
    clearInterval(timer);
    onLost(why);
  };
  const timer = setInterval(() => {
    store.renew(key, token, leaseMs).then(
      (held) => held || lose("the claim was taken over: its lease had run out"),
      (error: unknown) => lose(`renewing the lease failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, leaseMs / 3);
  timer.unref();
  return {
    get lost() {
      return lost;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
