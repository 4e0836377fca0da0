import type { AuthenticatedRequest } from "./authenticate-request";
import type { LazyAbort } from "./lazy-abort";

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
