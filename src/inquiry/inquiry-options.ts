import type { Request } from "express";

import type { ReceiverOptions } from "../pipeline/receiver-options";
import type { InquiryRequest, ResolverResult } from "../protocol";

/** What `lookupPaymentCode` knows about the inquiry besides the code. */
export interface InquiryContext {
  requestId: string;
  clientId: string;
  /** `online_to_offline_inquiry.identifier`: the acquirer's references, untouched. */
  identifier: unknown[];
  /** The whole validated request body (unknown fields kept). */
  request: InquiryRequest;
  /** Aborted when `timeoutMs` passes: hand it to your database or HTTP client. */
  signal: AbortSignal;
  /** The Express request, for anything else (already authenticated). */
  req: Request;
}

export type LookupPaymentCode = (paymentCode: string, ctx: InquiryContext) => Promise<ResolverResult> | ResolverResult;

export interface InquiryRouterOptions extends ReceiverOptions {
  /** The merchant's resolver: what is this payment code for? */
  lookupPaymentCode: LookupPaymentCode;
  /** Resolver budget in ms. Default 5,000; past it the answer is a signed `decline`. */
  timeoutMs?: number;
  /** Also send `online_to_offline_info.info1` (DOKU's sample name) beside `info`. Default false. */
  emitInfo1?: boolean;
}
