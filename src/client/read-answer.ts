import { isRecord } from "../protocol";
import type { DokuErrorType } from "./doku-error";

export interface ParsedAnswer {
  /** The JSON object, when the body was one. */
  json: Record<string, unknown> | undefined;
  /** DOKU's error code and message, from either envelope it uses. */
  code: string | undefined;
  message: string | undefined;
  invoiceNumber: string | undefined;
  /** `doku_error`: one of DOKU's error envelopes; `json`: another JSON object. */
  body: "doku_error" | "json" | "empty" | "html" | "text";
}

/** The body, as a message says it: "an HTML page". */
export const BODY_NAMES: Record<ParsedAnswer["body"], string> = {
  doku_error: "an error in DOKU's envelope",
  json: "JSON without DOKU's error envelope",
  empty: "an empty body",
  html: "an HTML page",
  text: "a body that is not JSON",
};

function bodyOf(text: string, json: Record<string, unknown> | undefined, dokuError: boolean): ParsedAnswer["body"] {
  if (dokuError) return "doku_error";
  if (json !== undefined) return "json";
  if (text.trim() === "") return "empty";
  return /^\s*</.test(text) ? "html" : "text";
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
  // Other apps' errors often say `"error": "Not Found"`: DOKU's `error` is always an object.
  const dokuError =
    json !== undefined && (error !== undefined || json.error === undefined) && (code ?? message) !== undefined;
  return {
    json,
    code,
    message,
    invoiceNumber: typeof order?.invoice_number === "string" ? order.invoice_number : undefined,
    body: bodyOf(text, json, dokuError),
  };
}

/** A success body, as DOKU replays it with 409: an object without an `error`. */
export const isSuccessBody = (answer: ParsedAnswer): answer is ParsedAnswer & { json: Record<string, unknown> } =>
  answer.json !== undefined && answer.json.error === undefined && answer.json.message === undefined;

const AUTHENTICATION_CODES = new Set(["invalid_header_request", "invalid_client_id", "invalid_signature"]);
const CONFLICT_CODES = /duplicate|already|expired/;

/**
 * The error type for an answer that is not a success; 5xx and 429 are `api`. A body that is neither
 * one of DOKU's error envelopes nor empty did not come from DOKU: `not_doku`.
 */
export function errorTypeOf(status: number, answer: ParsedAnswer): DokuErrorType {
  const { code } = answer;
  const retried = status === 429 || status >= 500;
  if (!retried && (answer.body === "json" || answer.body === "html" || answer.body === "text")) return "not_doku";
  if (code === "request_time_out_of_range") return "request_time";
  if (code === "idempotent_request") return "idempotency";
  if (status === 401 || status === 403 || (code !== undefined && AUTHENTICATION_CODES.has(code)))
    return "authentication";
  if (status === 404) return "not_found";
  if (status === 409 || (code !== undefined && CONFLICT_CODES.test(code))) return "conflict";
  return retried ? "api" : "invalid_request";
}
