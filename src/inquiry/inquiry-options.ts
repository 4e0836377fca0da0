import type { Request } from "express";

import type { ReceiverOptionsFor } from "../pipeline/receiver-options";
import type { InquiryContextFor, InquiryOptionsFor, LookupPaymentCodeFor } from "./inquiry-context";

/** Options both routers take. */
export interface ReceiverOptions extends ReceiverOptionsFor<Request> {
  /** The route answered (POST only), e.g. `/doku/inquiry`. */
  path: string;
}

/** What `lookupPaymentCode` knows about the inquiry besides the code; `req` is the Express request. */
export type InquiryContext = InquiryContextFor<Request>;

export type LookupPaymentCode = LookupPaymentCodeFor<Request>;

export interface InquiryRouterOptions extends InquiryOptionsFor<Request> {
  /** The route answered (POST only), e.g. `/doku/inquiry`. */
  path: string;
}
