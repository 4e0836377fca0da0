/** Every value of `online_to_offline_inquiry.status` DOKU accepts. */
export const INQUIRY_STATUSES = [
  "success",
  "decline",
  "billing_already_paid",
  "billing_was_expired",
  "billing_not_found",
  "invalid_signature",
] as const;

export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

/** The statuses a merchant's resolver may answer with; `invalid_signature` is the package's alone. */
export type ResolverStatus = Exclude<InquiryStatus, "invalid_signature">;

// A mapped type, so a status added above without an HTTP code here does not compile.
export const INQUIRY_HTTP_STATUS: { readonly [S in InquiryStatus]: 200 | 400 | 401 | 404 } = {
  success: 200,
  decline: 400,
  billing_already_paid: 400,
  billing_was_expired: 400,
  billing_not_found: 404,
  invalid_signature: 401,
};
