import { DokuError, type DokuErrorDetails, type DokuErrorType } from "./doku-error";

/** The call an error is about: its method and the full URL, `baseUrl` included. */
export interface CallTarget {
  method: string;
  url: string;
}

/** What to do about each type, said in the error's message. */
const ADVICE: Record<DokuErrorType, string> = {
  authentication: "check the Client-Id and secret key for this environment",
  request_time: "this machine's clock is more than an hour off: check NTP",
  invalid_request: "fix the field named",
  idempotency: "a Request-Id is for one call only: use a new one for a different body",
  not_found: "check the invoice number, the payment code, and the environment",
  conflict: "the code's state does not allow it: check its status",
  api: "DOKU failed; retrying with the same Request-Id is safe",
  not_doku: "check baseUrl: what answers there is not DOKU's API",
  not_sent: "nothing was sent: sending it again is safe, even under a new Request-Id",
  connection: "DOKU could not be reached; try again later",
  unknown_outcome:
    "it may have happened: retry with the same Request-Id (DOKU answers 409 with the first answer) or check the status; never send it again under a new Request-Id",
  response_signature: "the answer did not come from DOKU with this secret key, or was changed on the way",
};

export type ErrorFacts = Omit<DokuErrorDetails, "type" | "message" | "method" | "url">;

/**
 * A DokuError whose message names the call, then says what happened and what to do:
 * `POST https://api.doku.com/…: what; advice`.
 */
export function callError(target: CallTarget, type: DokuErrorType, what: string, facts: ErrorFacts): DokuError {
  return new DokuError({
    ...facts,
    type,
    method: target.method,
    url: target.url,
    message: `${target.method} ${target.url}: ${what}; ${ADVICE[type]}`,
  });
}

/** A call the client refuses before sending anything: the message names what is wrong with it. */
export function refusedBeforeSending(target: CallTarget, what: string, requestId: string | undefined): DokuError {
  return new DokuError({
    type: "invalid_request",
    code: "invalid_field",
    requestId: requestId ?? "",
    attempts: 0,
    method: target.method,
    url: target.url,
    message: `${target.method} ${target.url}: ${what}; nothing was sent to DOKU`,
  });
}
