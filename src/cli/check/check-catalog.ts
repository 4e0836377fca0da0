// Every check of `express-doku check`: its name, what it asks, what DOKU does when it fails, the fix.
// docs/go-live-check.md says the same for a person; a test keeps the two in step.

import { INQUIRY_TOLERANCE_SEC } from "../../signature/timestamp";

export const CHECK_IDS = [
  "inquiry-url-tls",
  "notify-url-tls",
  "inquiry-url-no-redirect",
  "notify-url-no-redirect",
  "inquiry-payable",
  "inquiry-paid",
  "inquiry-expired",
  "inquiry-unknown",
  "inquiry-20-digit-code",
  "inquiry-answers-signed",
  "inquiry-verifies-exact-bytes",
  "inquiry-forged-signature",
  "inquiry-unknown-client",
  "inquiry-stale-timestamp",
  "inquiry-changed-body",
  "inquiry-replay-same",
  "inquiry-replay-other-body",
  "answer-time",
  "notify-forged-signature",
  "notify-unknown-client",
  "notify-changed-body",
  "notify-failed-not-paid",
  "notify-paid",
  "notify-duplicate",
  "notify-retry",
  "notify-verifies-exact-bytes",
  "notify-runs-once",
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export interface CheckDefinition {
  title: string;
  /** What DOKU does when the check fails. */
  doku: string;
  fix: string;
}

const DECLINED = "the customer is declined at the till";
const EXACT_BYTES_FIX =
  "compute the Digest over the raw body bytes, before any JSON parser (express.raw(), or the package's router " +
  "mounted before express.json())";
const REFUSE_FIX =
  "verify Client-Id, Request-Timestamp and Signature before reading the body; answer 401 and sign nothing";
const NOTIFY_REFUSED =
  "nothing at DOKU: but whoever sends such a notification marks an order paid for money never received";
const NOTIFY_RETRIED =
  "DOKU sends the notification again at +30 min, +6 h and +12 h, then gives up: the order stays unpaid";

export const CHECKS: { readonly [id in CheckId]: CheckDefinition } = {
  "inquiry-url-tls": {
    title: "the Inquiry URL's certificate is trusted by Node's default trust store",
    doku: `DOKU cannot connect: every inquiry fails and ${DECLINED}`,
    fix: "serve a certificate from a public CA for the URL's host name, not expired, with its intermediate certificates",
  },
  "notify-url-tls": {
    title: "the Notification URL's certificate is trusted by Node's default trust store",
    doku: `DOKU cannot connect: ${NOTIFY_RETRIED}`,
    fix: "serve a certificate from a public CA for the URL's host name, not expired, with its intermediate certificates",
  },
  "inquiry-url-no-redirect": {
    title: "the Inquiry URL answers itself, without a redirect",
    doku: `DOKU does not follow redirects: the 3xx is a failed inquiry and ${DECLINED}`,
    fix: "give DOKU the final URL (https, the exact path and trailing slash), or stop the server redirecting POSTs",
  },
  "notify-url-no-redirect": {
    title: "the Notification URL answers itself, without a redirect",
    doku: `DOKU does not follow redirects: ${NOTIFY_RETRIED}`,
    fix: "give DOKU the final URL (https, the exact path and trailing slash), or stop the server redirecting POSTs",
  },
  "inquiry-payable": {
    title: "the payable code answers success, HTTP 200, with an order and a customer DOKU takes",
    doku: DECLINED,
    fix:
      "answer status success with HTTP 200, order.invoice_number (1 to 64 characters), order.amount a whole number " +
      "of rupiah (1 to 12 digits), customer.name (at most 64), online_to_offline_info.payment_code as asked",
  },
  "inquiry-paid": {
    title: "the paid code answers billing_already_paid, HTTP 400",
    doku: "DOKU's team sends the endpoint back at go-live: a bill already paid must not be payable again",
    fix: "answer status billing_already_paid with HTTP 400 for a bill that is paid",
  },
  "inquiry-expired": {
    title: "the expired code answers billing_was_expired, HTTP 400",
    doku: "DOKU's team sends the endpoint back at go-live: an expired bill must not be payable",
    fix: "answer status billing_was_expired with HTTP 400 for a bill past its expiry",
  },
  "inquiry-unknown": {
    title: "a code the shop does not know answers billing_not_found, HTTP 404",
    doku: "DOKU takes another code as an error of the merchant's, not an unknown bill: the endpoint is sent back",
    fix: "answer status billing_not_found with HTTP 404 (not 200, 400 or 500) for a code you do not know",
  },
  "inquiry-20-digit-code": {
    title: "a 20-digit code sent as a JSON integer is read and echoed exactly, never rounded",
    doku: "the till shows another bill, or none, for a code past 2^53: JSON.parse rounds it",
    fix:
      "read online_to_offline_info.payment_code from the raw body text, keep it as a string of digits, echo it as a " +
      "string (the package's routers do)",
  },
  "inquiry-answers-signed": {
    title:
      "every inquiry answer is signed over its exact bytes, Client-Id and Request-Id echoed, Response-Timestamp fresh",
    doku: `DOKU refuses an answer it cannot verify: ${DECLINED}, and DOKU does not take the endpoint live`,
    fix:
      "sign the bytes you write (never an object passed to res.json afterwards), with Response-Timestamp in the " +
      "place of Request-Timestamp; echo Client-Id and Request-Id; send Cache-Control: no-transform so that no proxy " +
      "changes the bytes",
  },
  "inquiry-verifies-exact-bytes": {
    title: "an inquiry spaced otherwise than JSON.stringify would is verified over its bytes and answered",
    doku: `DOKU's bytes are not your serialiser's: a verifier over re-serialised JSON refuses real inquiries and ${DECLINED}`,
    fix: EXACT_BYTES_FIX,
  },
  "inquiry-forged-signature": {
    title: "an inquiry with a forged Signature gets 401, unsigned",
    doku: "nothing at DOKU: but anyone can read your bills by payment code",
    fix: REFUSE_FIX,
  },
  "inquiry-unknown-client": {
    title: "an inquiry from an unknown Client-Id gets 401, unsigned",
    doku: "nothing at DOKU: but a request signed for another account is answered",
    fix: `${REFUSE_FIX}; know only your own Client-Ids (sandbox and production)`,
  },
  "inquiry-stale-timestamp": {
    title: "an inquiry whose Request-Timestamp is an hour old gets 401, unsigned",
    doku: "nothing at DOKU: but a captured inquiry can be replayed for as long as you keep no window",
    fix: `${REFUSE_FIX}; refuse a Request-Timestamp more than a few minutes off your clock (the package: ${INQUIRY_TOLERANCE_SEC} s)`,
  },
  "inquiry-changed-body": {
    title: "an inquiry whose body changed after signing gets 401",
    doku: "nothing at DOKU: but a request altered on its way is answered",
    fix: `${REFUSE_FIX}; the Digest line is the SHA-256 of the body received`,
  },
  "inquiry-replay-same": {
    title: "the same inquiry sent again under its Request-Id gets the same answer",
    doku: `DOKU sends an inquiry again under its Request-Id when the answer was lost: another answer (a 401) and ${DECLINED}`,
    fix:
      "keep each Request-Id with the answer's status, headers and bytes for ten minutes at least; answer a repeat " +
      "with the same body by what you sent",
  },
  "inquiry-replay-other-body": {
    title: "the same Request-Id with another body does not get a success",
    doku: "nothing at DOKU: but a Request-Id is DOKU's guard against replays, and it is not kept",
    fix: "refuse (401) a Request-Id you know whose body digest differs from the first",
  },
  "answer-time": {
    title: "inquiry answers come within the budget (--budget-ms): the median and the slowest of the run",
    doku: `the till waits a few seconds: a slower answer is a timeout and ${DECLINED}`,
    fix:
      "look the code up by an index; give the lookup a time limit and decline when it runs out (the package: " +
      "timeoutMs, 5 s)",
  },
  "notify-forged-signature": {
    title: "a notification with a forged Signature gets 401",
    doku: NOTIFY_REFUSED,
    fix: REFUSE_FIX,
  },
  "notify-unknown-client": {
    title: "a notification from an unknown Client-Id gets 401",
    doku: NOTIFY_REFUSED,
    fix: `${REFUSE_FIX}; know only your own Client-Ids (sandbox and production)`,
  },
  "notify-changed-body": {
    title: "a notification whose body changed after signing gets 401",
    doku: NOTIFY_REFUSED,
    fix: `${REFUSE_FIX}; the Digest line is the SHA-256 of the body received`,
  },
  "notify-failed-not-paid": {
    title: "a FAILED notification is answered 2xx and the order stays unpaid",
    doku: `a non-2xx: ${NOTIFY_RETRIED}. An order marked paid: goods given for money never received`,
    fix: "mark an order paid on transaction.status SUCCESS only; answer 200 to FAILED and leave the order as it was",
  },
  "notify-paid": {
    title: "a SUCCESS notification is answered 2xx",
    doku: `${NOTIFY_RETRIED}; DOKU does not take the endpoint live`,
    fix: "record the payment, then answer 2xx; answer 4xx or 5xx only when DOKU should send it again",
  },
  "notify-duplicate": {
    title: "the same notification again, under its Request-Id, is answered 2xx",
    doku: `${NOTIFY_RETRIED}, though the payment was recorded`,
    fix:
      "answer 200 to a notification you recorded already, without recording it again: key it by Request-Id and by " +
      "its content (invoice, status, AGENT_TRX_ID)",
  },
  "notify-retry": {
    title: "DOKU's retry of a notification under a new Request-Id is answered 2xx",
    doku: `${NOTIFY_RETRIED}, though the payment was recorded`,
    fix:
      "key a notification by its content (invoice, status, AGENT_TRX_ID), not by its Request-Id alone: a retry is the " +
      "same payment",
  },
  "notify-verifies-exact-bytes": {
    title: "a notification spaced otherwise than JSON.stringify would is verified over its bytes, not refused",
    doku: `DOKU's bytes are not your serialiser's: real notifications get 401 and ${NOTIFY_RETRIED}`,
    fix: EXACT_BYTES_FIX,
  },
  "notify-runs-once": {
    title: "the payment sent four times was recorded once",
    doku: "nothing at DOKU: but an order recorded as paid several times ships several times",
    fix: "record a payment in the same transaction as the key of its notification; a duplicate finds the key and stops",
  },
};
