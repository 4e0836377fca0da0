import type { AuthenticatedRequest } from "./authenticate-request";
import type { LazyAbort } from "./lazy-abort";

/**
 * The base of the contexts handed to the merchant's function: who sent the request, and
 * `signal` on the prototype. A class, not a literal with a getter: one hidden class for all
 * contexts (docs/performance.md, "Merchant contexts are class instances").
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
