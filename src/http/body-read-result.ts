import type { Result } from "../protocol";

// Apart from read-raw-body.ts, which reads node:http's request stream: the fetch handlers read
// bodies without it.

export type BodyReadFailureReason =
  "body_too_large" | "body_already_consumed" | "body_read_failed" | "body_read_timeout";

export type RawBodyResult = Result<{ body: Buffer }, BodyReadFailureReason>;

export const TOO_LARGE: RawBodyResult = {
  ok: false,
  reason: "body_too_large",
  detail: "the body is larger than the limit",
};
