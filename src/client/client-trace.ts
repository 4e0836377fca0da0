import { tracingChannel } from "node:diagnostics_channel";

import type { ClientOperation } from "./client-events";
import type { DokuErrorType } from "./doku-error";

/** What a subscriber of `express-doku:client` sees of a call; `outcome` and `attempts` are set at its end. */
export interface ClientTrace {
  operation: ClientOperation;
  method: string;
  /** The path called, e.g. `/orders/v1/status/INV-1`. */
  path: string;
  requestId: string;
  attempts?: number;
  outcome?: "ok" | DokuErrorType;
}

/**
 * One logical call to DOKU (all its attempts), as `node:diagnostics_channel` traces it: an APM
 * subscribes with no dependency on this package. Nothing is built while nobody subscribes.
 */
export const CLIENT_CHANNEL = tracingChannel<ClientTrace, ClientTrace>("express-doku:client");
