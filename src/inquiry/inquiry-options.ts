import type { IncomingMessage } from "node:http";

import type { Request } from "express";

import type { ReceiverOptionsFor } from "../pipeline/receiver-options";
import type { InquiryContextFor, InquiryOptionsFor, LookupPaymentCodeFor } from "./inquiry-context";

// `Req` is the request the router is handed: Express's by default. On a plain node:http server it is
// node:http's: annotate `ctx` as `InquiryContext<IncomingMessage>` (a function taking the wider request fits).

/** Options both routers take. */
export interface ReceiverOptions<Req extends IncomingMessage = Request> extends ReceiverOptionsFor<Req> {
  /** The route answered (POST only), e.g. `/doku/inquiry`. */
  path: string;
}

/** What `lookupPaymentCode` knows about the inquiry besides the code; `req` is the request the router was handed. */
export type InquiryContext<Req extends IncomingMessage = Request> = InquiryContextFor<Req>;

export type LookupPaymentCode<Req extends IncomingMessage = Request> = LookupPaymentCodeFor<Req>;

export interface InquiryRouterOptions<Req extends IncomingMessage = Request> extends InquiryOptionsFor<Req> {
  /** The route answered (POST only), e.g. `/doku/inquiry`. */
  path: string;
}
