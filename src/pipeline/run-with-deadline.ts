export type Settled<T> = { kind: "fulfilled"; value: T } | { kind: "rejected"; error: unknown };

/** `timeout` carries the still-running call, for callers that must know how it ends. */
export type DeadlineResult<T> = Settled<T> | { kind: "timeout"; settled: Promise<Settled<T>> };

/**
 * Calls the merchant's function with an AbortSignal and a time budget. Never rejects:
 * a throw (sync or async) is a value, and so is running past the deadline (the signal
 * is aborted then; the call is not awaited further unless the caller chooses to).
 */
export async function runWithDeadline<T>(
  fn: (signal: AbortSignal) => Promise<T> | T,
  timeoutMs: number,
): Promise<DeadlineResult<T>> {
  const controller = new AbortController();
  const settled = (async (): Promise<Settled<T>> => {
    try {
      return { kind: "fulfilled", value: await fn(controller.signal) };
    } catch (error) {
      return { kind: "rejected", error };
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(resolve, timeoutMs, "timeout");
  });
  const first = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  if (first !== "timeout") return first;
  controller.abort(new Error(`deadline of ${timeoutMs} ms passed`));
  return { kind: "timeout", settled };
}
