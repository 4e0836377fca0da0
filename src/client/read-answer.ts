import { isRecord } from "../protocol";
import type { DokuErrorType } from "./doku-error";

export interface ParsedAnswer {
  /** The JSON object, when the body was one. */
  json: Record<string, unknown> | undefined;
  /** DOKU's error code and message, from either envelope it uses. */
  code: string | undefined;
  message: string | undefined;
  invoiceNumber: string | undefined;
}

/**
 * Any body DOKU (or a gateway in front of it) may send: `{"error":{code,message}}`,
 * `{"message":["…"]}` or `{"message":"…"}`, HTML, or nothing. Never throws.
 */
export function parseAnswer(text: string): ParsedAnswer {
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    json = isRecord(parsed) ? parsed : undefined;
  } catch {
    json = undefined;
  }
  const error = isRecord(json?.error) ? json.error : undefined;
  const code = typeof error?.code === "string" ? error.code : undefined;
  const rawMessage = error?.message ?? json?.message;
  const message =
    typeof rawMessage === "string"
      ? rawMessage
      : Array.isArray(rawMessage)
        ? rawMessage.filter((m) => typeof m === "string").join("; ")
        : undefined;
  const order = isRecord(json?.order) ? json.order : undefined;
  return {
    json,
    code,
    message,
    invoiceNumber: typeof order?.invoice_number === "string" ? order.invoice_number : undefined,
  };
}

/** A success body, as DOKU replays it with 409: an object without an `error`. */
export const isSuccessBody = (answer: ParsedAnswer): answer is ParsedAnswer & { json: Record<string, unknown> } =>
  answer.json !== undefined && answer.json.error === undefined && answer.json.message === undefined;

const AUTHENTICATION_CODES = new Set(["invalid_header_request", "invalid_client_id", "invalid_signature"]);
const CONFLICT_CODES = /duplicate|already|expired/;

/** The error type for an answer DOKU gave; 5xx and 429 are `api`. */
export function errorTypeOf(status: number, code: string | undefined): DokuErrorType {
  if (code === "request_time_out_of_range") return "request_time";
  if (code === "idempotent_request") return "idempotency";
  if (status === 401 || status === 403 || (code !== undefined && AUTHENTICATION_CODES.has(code)))
    return "authentication";
  if (status === 404) return "not_found";
  if (status === 409 || (code !== undefined && CONFLICT_CODES.test(code))) return "conflict";
  if (status === 429 || status >= 500) return "api";
  return "invalid_request";
}

/** What to do about each type, said in the error's message. */
export const ADVICE: Record<DokuErrorType, string> = {
  authentication: "check the Client-Id and secret key for this environment",
  request_time: "this machine's clock is more than an hour off: check NTP",
  invalid_request: "fix the field named",
  idempotency: "a Request-Id is for one call only: use a new one for a different body",
  not_found: "check the invoice number, the payment code, and the environment",
  conflict: "the code's state does not allow it: check its status",
  api: "DOKU failed; retrying with the same Request-Id is safe",
  connection: "DOKU could not be reached; try again later",
  unknown_outcome:
    "it may have happened: retry with the same Request-Id (DOKU answers 409 with the first answer) or check the status; never send it again under a new Request-Id",
  response_signature: "the answer did not come from DOKU with this secret key, or was changed on the way",
};
