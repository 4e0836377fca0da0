/**
 * What went wrong, as a string a merchant can switch on:
 * - `authentication`: a header, the Client-Id or the signature refused (check the keys);
 * - `request_time`: the Request-Timestamp was more than 3,600 s from DOKU's clock (check NTP);
 * - `invalid_request`: DOKU (or, before sending, this client) refused a field;
 * - `idempotency`: the Request-Id was used before with another body;
 * - `not_found`: no such code, invoice or path (DOKU said so);
 * - `conflict`: the code's state does not allow it (duplicate, paid, expired, cancelled);
 * - `api`: DOKU failed (5xx) or throttled (429), after the retries;
 * - `not_doku`: what answered is not DOKU's API (an HTML page, another app's 404, JSON without
 *   DOKU's fields): check `baseUrl`;
 * - `not_sent`: no attempt got as far as sending the request (connection refused, no such host,
 *   reset while connecting, TLS refused): nothing happened, sending it again is safe, even under a
 *   new Request-Id;
 * - `connection`: no answer to a read (Check Status) that was sent, after the retries;
 * - `unknown_outcome`: a create, update or cancel got no trustworthy answer and may have reached
 *   DOKU: it may have happened. Retry with the same Request-Id (DOKU answers 409 with the first
 *   answer) or check the status; never send it again under a new Request-Id;
 * - `response_signature`: DOKU's answer to a read did not verify (`verifyResponses: "enforce"`).
 */
export type DokuErrorType =
  | "authentication"
  | "request_time"
  | "invalid_request"
  | "idempotency"
  | "not_found"
  | "conflict"
  | "api"
  | "not_doku"
  | "not_sent"
  | "connection"
  | "unknown_outcome"
  | "response_signature";

export interface DokuErrorDetails {
  type: DokuErrorType;
  message: string;
  /** The call's HTTP method. */
  method: string;
  /** The full URL it called, `baseUrl` included. */
  url: string;
  /** The HTTP status DOKU answered; `undefined` when no answer came or nothing was sent. */
  status?: number | undefined;
  /**
   * DOKU's `error.code`, when its body had one; for an answer refused for its signature, the check's
   * reason (`bad_signature`, `missing_header`, …).
   */
  code?: string | undefined;
  /** DOKU's `error.message` (or `message`), when its body had one. */
  dokuMessage?: string | undefined;
  /** The call's Request-Id: retry a create, update or cancel with it. */
  requestId: string;
  invoiceNumber?: string | undefined;
  /** The answer's body as received (text), for logs. */
  rawBody?: string | undefined;
  /** Attempts made (0 when the call failed before sending). */
  attempts: number;
  cause?: unknown;
}

/** Every failure of a DOKU call: one class, told apart by `type`. */
export class DokuError extends Error {
  readonly type: DokuErrorType;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly dokuMessage: string | undefined;
  readonly requestId: string;
  readonly invoiceNumber: string | undefined;
  readonly rawBody: string | undefined;
  readonly attempts: number;

  constructor(details: DokuErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "DokuError";
    this.type = details.type;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.code = details.code;
    this.dokuMessage = details.dokuMessage;
    this.requestId = details.requestId;
    this.invoiceNumber = details.invoiceNumber;
    this.rawBody = details.rawBody;
    this.attempts = details.attempts;
  }
}
