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
  duplicate_invoice_number: {
    status: 400,
    code: "duplicate_invoice_number",
    message: "Invoice number has already been used",
  },
  duplicate_payment_code: {
    status: 400,
    code: "duplicate_payment_code",
    message: "Payment code has already been registered",
  },
  payment_code_not_found: { status: 404, code: "payment_code_not_found", message: "Payment code not found" },
  payment_code_expired: { status: 400, code: "payment_code_expired", message: "Payment code has expired" },
  payment_code_paid: { status: 400, code: "payment_code_already_paid", message: "Payment code has already been paid" },
  payment_code_cancelled: {
    status: 400,
    code: "payment_code_already_deleted",
    message: "Payment code has been deleted",
  },
  transaction_not_found: { status: 404, code: "transaction_not_found", message: "Transaction not found" },
  request_id_reused: {
    status: 400,
    code: "idempotent_request",
    message: "Request-Id has already been used with another request",
  },
  body_too_large: { status: 413, code: "request_entity_too_large", message: "Request body is too large" },
} as const satisfies Record<string, ErrorAnswer>;

export type UndocumentedCase = keyof typeof UNDOCUMENTED_ANSWERS;

export const UNDOCUMENTED_CASES = Object.keys(UNDOCUMENTED_ANSWERS) as UndocumentedCase[];
