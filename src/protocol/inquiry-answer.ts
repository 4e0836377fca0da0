import type { InquiryStatus } from "./inquiry-status";
import type { ValidResolverResult } from "./resolver-result";

export interface InquiryAnswerOptions {
  /** Also send `info1` (the name DOKU's sample uses) beside `info`. */
  emitInfo1: boolean;
}

type AnswerSource = ValidResolverResult | { status: Exclude<InquiryStatus, "success"> };

/**
 * The inquiry answer body, keys in the order of DOKU's sample. `info` appears only on
 * `success`; `payment_code` only when the request's code could be read.
 */
export function inquiryAnswerBody(
  source: AnswerSource,
  paymentCode: string | undefined,
  options: InquiryAnswerOptions,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if ("order" in source && source.order !== undefined) body.order = source.order;

  const info: Record<string, string> = {};
  if (paymentCode !== undefined) info.payment_code = paymentCode;
  if (source.status === "success" && source.info !== undefined) {
    info.info = source.info;
    if (options.emitInfo1) info.info1 = source.info;
  }
  if (Object.keys(info).length > 0) body.online_to_offline_info = info;

  body.online_to_offline_inquiry = { status: source.status };
  if ("customer" in source && source.customer !== undefined) body.customer = source.customer;
  if ("additional_info" in source && source.additional_info !== undefined)
    body.additional_info = source.additional_info;
  else if (source.status === "success") body.additional_info = {};
  if ("alfa_info" in source && source.alfa_info !== undefined) body.alfa_info = source.alfa_info;
  return body;
}
