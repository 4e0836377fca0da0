import type { DokuErrorBody } from "../../protocol";

/** The body of an error answer; `order.invoice_number` beside `error` when the call named one. */
export function errorBody(
  code: string,
  message: string,
  invoiceNumber?: string,
  type = "invalid_request_error",
): DokuErrorBody {
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
  timeOutOfRange: () =>
    errorBody("request_time_out_of_range", "Header Request-Timestamp is not in +- 3600 second of now"),
  unknownClient: () => errorBody("invalid_client_id", "Invalid Client-Id"),
  badSignature: () => errorBody("invalid_signature", "Invalid Header Signature"),
};

/** DOKU's gateway's answer to a path it does not serve (HTTP 404). */
export const unknownPathBody = (path: string) => ({ message: `No static resource ${path}.` });
