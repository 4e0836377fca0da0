import type { LazyAbort } from "./lazy-abort";

export type Settled<T> = { kind: "fulfilled"; value: T } | { kind: "rejected"; error: unknown };

/** `timeout` carries the still-running call, for callers that must know how it ends. */
export type DeadlineResult<T> = Settled<T> | { kind: "timeout"; settled: Promise<Settled<T>> };

// Shared by every call: no closure per request.
const fulfilled = <T>(value: T): Settled<T> => ({ kind: "fulfilled", value });
const rejected = (error: unknown): Settled<never> => ({ kind: "rejected", error });

/**
 * Calls the merchant's function with a time budget. Never rejects: a throw (sync or async)
 * is a value, and so is running past the deadline (then `abort` is called, and the call is
 * not awaited further unless the caller chooses to).
 */
export function runWithDeadline<T>(
  fn: () => Promise<T> | T,
  timeoutMs: number,
  abort: LazyAbort,
): Promise<DeadlineResult<T>> {
  let settled: Promise<Settled<T>>;
  try {
    settled = Promise.resolve(fn()).then(fulfilled, rejected);
  } catch (error) {
    return Promise.resolve({ kind: "rejected", error });
  }
  return new Promise((resolve) => {
    const deadline = setTimeout(() => {
      abort.abort(new Error(`deadline of ${timeoutMs} ms passed`));
      resolve({ kind: "timeout", settled });
    }, timeoutMs);
    // The merchant's I/O keeps the process alive by itself; the deadline alone should not.
    deadline.unref();
    void settled.then((result) => {
      clearTimeout(deadline);
      resolve(result);
    });
  });
}
