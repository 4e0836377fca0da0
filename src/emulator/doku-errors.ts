import type { DokuErrorBody } from "../protocol/payment-code-calls";

/** An error answer in DOKU's envelope: `{"error":{"code","message","type"}}`. */
export interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
}

/**
 * Cases DOKU does not document: the emulator's own answer to each, in DOKU's envelope
 * (docs/emulator.md#the-emulators-own-choices lists them). A test can switch any of them (`answers` option,
 * `setAnswer`, `POST /_emulator/answers`) to play what it believes DOKU does.
 */
export const UNDOCUMENTED_ANSWERS = {
  invalid_body: { status: 400, code: "invalid_parameter", message: "Invalid request body" },
  duplicate_invoice_number: { status: 400, code: "duplicate_invoice_number", message: "Invoice number has already been used" },
  duplicate_payment_code: { status: 400, code: "duplicate_payment_code", message: "Payment code has already been registered" },
  payment_code_not_found: { status: 404, code: "payment_code_not_found", message: "Payment code not found" },
  payment_code_expired: { status: 400, code: "payment_code_expired", message: "Payment code has expired" },
  payment_code_paid: { status: 400, code: "payment_code_already_paid", message: "Payment code has already been paid" },
  payment_code_cancelled: { status: 400, code: "payment_code_already_deleted", message: "Payment code has been deleted" },
  transaction_not_found: { status: 404, code: "transaction_not_found", message: "Transaction not found" },
  request_id_reused: { status: 400, code: "idempotent_request", message: "Request-Id has already been used with another request" },
  body_too_large: { status: 413, code: "request_entity_too_large", message: "Request body is too large" },
} as const satisfies Record<string, ErrorAnswer>;

export type UndocumentedCase = keyof typeof UNDOCUMENTED_ANSWERS;

export const UNDOCUMENTED_CASES = Object.keys(UNDOCUMENTED_ANSWERS) as UndocumentedCase[];

/** The body of an error answer; `order.invoice_number` beside `error` when the call named one. */
export function errorBody(code: string, message: string, invoiceNumber?: string, type = "invalid_request_error"): DokuErrorBody {
  const body: DokuErrorBody = { error: { code, message, type } };
  if (invoiceNumber !== undefined) body.order = { invoice_number: invoiceNumber };
  return body;
}

/** The authentication failures DOKU's gateway was observed to answer (docs/doku-api.md#authentication-errors), all 400. */
export const AUTH_ERRORS = {
  missingHeader: (name: string) => errorBody("invalid_header_request", `Header ${name} is required`),
  // DOKU's code for a malformed timestamp was not recorded: the emulator's choice.
  malformedTimestamp: () => errorBody("invalid_header_request", "Invalid format Header Request-Timestamp"),
  malformedRequestId: () => errorBody("invalid_header_request", "Invalid format Header Request-Id"),
  timeOutOfRange: () => errorBody("request_time_out_of_range", "Header Request-Timestamp is not in +- 3600 second of now"),
  unknownClient: () => errorBody("invalid_client_id", "Invalid Client-Id"),
  badSignature: () => errorBody("invalid_signature", "Invalid Header Signature"),
};

/** DOKU's gateway's answer to a path it does not serve (HTTP 404). */
export const unknownPathBody = (path: string) => ({ message: `No static resource ${path}.` });
