import type { ReceiverOptionsFor } from "../pipeline/receiver-options";
import type { InquiryRequest, ResolverResult } from "../protocol";

/** What `lookupPaymentCode` knows about the inquiry besides the code; `Req` is the framework's request. */
export interface InquiryContextFor<Req> {
  requestId: string;
  clientId: string;
  /** `online_to_offline_inquiry.identifier`: the acquirer's references, untouched. */
  identifier: unknown[];
  /** The whole validated request body (unknown fields kept). */
  request: InquiryRequest;
  /** Aborted when `timeoutMs` passes: hand it to your database or HTTP client. */
  signal: AbortSignal;
  /** The framework's request, for anything else (already authenticated). */
  req: Req;
}

export type LookupPaymentCodeFor<Req> = (
  paymentCode: string,
  ctx: InquiryContextFor<Req>,
) => Promise<ResolverResult> | ResolverResult;

/** The inquiry's options, whatever the framework. */
export interface InquiryOptionsFor<Req> extends ReceiverOptionsFor<Req> {
  /** The merchant's resolver: what is this payment code for? */
  lookupPaymentCode: LookupPaymentCodeFor<Req>;
  /** Resolver budget in ms. Default 5,000; past it the answer is a signed `decline`. */
  timeoutMs?: number;
  /** Also send `online_to_offline_info.info1` (DOKU's sample name) beside `info`. Default false. */
  emitInfo1?: boolean;
}
