import type { AuthenticatedRequest } from "./authenticate-request";

export type Settled<T> = { kind: "fulfilled"; value: T } | { kind: "rejected"; error: unknown };

/** `timeout` carries the still-running call, for callers that must know how it ends. */
export type DeadlineResult<T> = Settled<T> | { kind: "timeout"; settled: Promise<Settled<T>> };

/** An AbortSignal made only when the merchant's function asks for it: most never do. */
export class LazyAbort {
  #controller: AbortController | undefined;
  #reason: Error | undefined;

  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.#reason !== undefined && !this.#controller.signal.aborted) this.#controller.abort(this.#reason);
    return this.#controller.signal;
  }

  abort(reason: Error): void {
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}

/**
 * The base of the contexts handed to the merchant's function: who sent the request, and
 * `signal` on the prototype.
 * An object literal with `get signal()` would hold a fresh getter per request, which gives
 * every context a hidden class of its own; that cost the inquiry router about a fifth of
 * its CPU per request under load (measured: half as many again of the young generation survived each scavenge).
 */
export abstract class MerchantCallContext {
  readonly requestId: string;
  readonly clientId: string;
  readonly #abort: LazyAbort;

  protected constructor(abort: LazyAbort, auth: AuthenticatedRequest) {
    this.requestId = auth.requestId;
    this.clientId = auth.clientId;
    this.#abort = abort;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }
}

/**
 * Calls the merchant's function with a time budget. Never rejects: a throw (sync or async)
 * is a value, and so is running past the deadline (then `abort` is called, and the call is
 * not awaited further unless the caller chooses to).
 */
export function runWithDeadline<T>(fn: () => Promise<T> | T, timeoutMs: number, abort: LazyAbort): Promise<DeadlineResult<T>> {
  let settled: Promise<Settled<T>>;
  try {
    settled = Promise.resolve(fn()).then(
      (value): Settled<T> => ({ kind: "fulfilled", value }),
      (error: unknown): Settled<T> => ({ kind: "rejected", error }),
    );
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
