import type { BodyReadFailureReason } from "../http/body-read-result";
import type { BodyParseFailureReason } from "../protocol";
import type { VerifyFailureReason } from "../signature";

/** Why a request failed authentication: answered 401, unsigned, and never passed on. */
export type AuthFailureReason = VerifyFailureReason | "request_id_reused";

/** Every reason an event can carry; README "Outcomes and errors" lists each one. */
export type Reason =
  | BodyReadFailureReason
  | AuthFailureReason
  | BodyParseFailureReason
  // inquiry
  | "resolved"
  | "resolver_error"
  | "resolver_timeout"
  | "invalid_resolver_result"
  // notification
  | "handled"
  | "duplicate"
  | "handler_error"
  | "handler_timeout"
  | "lease_lost"
  // both
  | "in_progress"
  | "store_unavailable"
  | "path_mismatch";

/** HTTP codes of the failures both routers share: reading the body, then authentication. */
export const REQUEST_FAILURE_STATUS: { readonly [R in BodyReadFailureReason | AuthFailureReason]: number } = {
  body_too_large: 413,
  body_read_timeout: 408,
  body_read_failed: 400,
  body_already_consumed: 500,
  missing_header: 401,
  malformed_header: 401,
  malformed_signature: 401,
  unknown_client: 401,
  stale_timestamp: 401,
  bad_signature: 401,
  request_id_reused: 401,
};
