import {
  buildInquiryBody,
  buildNotificationBody,
  CAUSE_OF_401,
  checkInquiryAnswer,
  type StoreChain,
  type TransactionStatus,
} from "../protocol";
import { appErrorOf, describeAppError } from "./app-error";
import { isRedirect } from "./check/check-types";
import { customerOutcome } from "./customer-can-pay";
import { type CallResult, type CutShortCall, refuseNonJsonAnswer, signedCall } from "./http-call";

export interface Connection {
  clientId: string;
  secretKey: string;
  timeoutMs: number;
}

export interface Step {
  kind: "inquiry" | "notification";
  url: string;
  requestId: string;
  httpStatus: number;
  /** The inquiry status answered (inquiry only). */
  inquiryStatus?: string | undefined;
  order?: { invoice_number: string; amount: number } | undefined;
  /** Whether the answer's signature verified (inquiry answers only). */
  signatureValid?: boolean | undefined;
  /** The app's own `error`/`reason`/`message`, from an answer that is not DOKU's. */
  appError?: string | undefined;
  /** Whether the customer at the till could pay after this answer (inquiry only). */
  customerCanPay?: boolean | undefined;
  /** Why the customer cannot pay, and where to look, when DOKU takes the answer. */
  advice?: string | undefined;
  /** What a notification carried, to send it again with --request-id and --agent-trx-id. */
  sent?:
    | {
        /** Whose channel it carried: Alfa's or Indomaret's. */
        chain: StoreChain;
        status: string;
        invoiceNumber: string;
        amount: number;
        agentTrxId: string;
        date: string;
        originalRequestId: string;
      }
    | undefined;
  /** What DOKU would object to; empty when everything passed. */
  problems: string[];
}

const INQUIRY_FAILS = "the inquiry fails and the customer is declined at the till";
const NOTIFICATION_RETRIED = "would retry this notification in 30 minutes";

/** An answer that began and then broke off or stalled: what DOKU makes of it, no answer, and what follows. */
const cutShortProblem = (call: CutShortCall, kind: Step["kind"]): string =>
  `the answer began (HTTP ${call.status}) but ${call.cutShort}: DOKU takes an answer cut short as no answer` +
  (kind === "inquiry" ? `: ${INQUIRY_FAILS}` : ` and ${NOTIFICATION_RETRIED}`);

const REDIRECT_FIX =
  "give DOKU the final URL (https, the exact path and trailing slash), or stop the server redirecting POSTs";

/** A 3xx is the answer, whatever its body: DOKU follows no redirect. Its Location on one line, as sent. */
function redirectProblem(call: CallResult, kind: Step["kind"]): string {
  const location = call.headers.get("Location");
  const to = location === null ? "with no Location" : `to Location ${location.replace(/\p{Cc}+/gu, " ").slice(0, 200)}`;
  const then = kind === "inquiry" ? `, so ${INQUIRY_FAILS}` : ` and ${NOTIFICATION_RETRIED}`;
  return `the answer is a redirect, HTTP ${call.status} ${to}: DOKU does not follow redirects${then}; ${REDIRECT_FIX}`;
}

/** The inquiry, checked as the emulator's till checks it: DOKU's statuses, HTTP codes and signature. */
export async function simulateInquiry(url: string, paymentCode: string, c: Connection): Promise<Step> {
  const call = await signedCall({ url, ...c, body: buildInquiryBody({ paymentCode }) });
  if ("cutShort" in call || isRedirect(call.status)) {
    const problems = ["cutShort" in call ? cutShortProblem(call, "inquiry") : redirectProblem(call, "inquiry")];
    const step: Step = { kind: "inquiry", url, requestId: call.requestId, httpStatus: call.status, problems };
    return Object.assign(step, customerOutcome(undefined, problems));
  }
  refuseNonJsonAnswer(call);
  const check = checkInquiryAnswer({
    httpStatus: call.status,
    headers: call.headers,
    body: call.body,
    clientId: c.clientId,
    secretKey: c.secretKey,
    requestTarget: call.requestTarget,
    requestId: call.requestId,
    paymentCode,
  });
  const step: Step = {
    kind: "inquiry",
    url,
    requestId: call.requestId,
    httpStatus: call.status,
    problems: check.problems,
  };
  step.inquiryStatus = check.inquiryStatus;
  if (check.order !== undefined) step.order = check.order;
  if (check.signatureValid !== undefined) step.signatureValid = check.signatureValid;
  const appError = check.inquiryStatus === undefined ? appErrorOf(call.body) : undefined;
  if (appError !== undefined) {
    step.appError = appError;
    step.problems = [
      describeAppError(call.status, appError, "not a DOKU answer (no online_to_offline_inquiry.status)"),
    ];
  }
  Object.assign(step, customerOutcome(step.inquiryStatus, step.problems));
  return step;
}

export interface NotifyInput {
  /** The notification's envelope: `alfa` (default) or `indomaret`. */
  chain?: StoreChain | undefined;
  invoiceNumber: string;
  amount: number;
  paymentCode: string;
  status: TransactionStatus;
  originalRequestId?: string | undefined;
  /** The till's transaction id; give the one printed before to send the same payment again. */
  agentTrxId?: string | undefined;
  /** The notification's Request-Id; with the date and original Request-Id printed before, the very same call again. */
  requestId?: string | undefined;
  date?: string | undefined;
}

export async function simulateNotify(url: string, n: NotifyInput, c: Connection): Promise<Step> {
  const body = buildNotificationBody(n);
  const agentTrxId = (
    body.online_to_offline_payment as { identifier: { name: string; value: string }[] }
  ).identifier.find((i) => i.name === "AGENT_TRX_ID")?.value as string;
  const transaction = body.transaction as { date: string; original_request_id: string };
  const call = await signedCall({ url, ...c, body, requestId: n.requestId });
  const step: Step = { kind: "notification", url, requestId: call.requestId, httpStatus: call.status, problems: [] };
  step.sent = {
    chain: n.chain ?? "alfa",
    status: n.status,
    invoiceNumber: n.invoiceNumber,
    amount: n.amount,
    agentTrxId,
    date: transaction.date,
    originalRequestId: transaction.original_request_id,
  };
  if ("cutShort" in call) step.problems.push(cutShortProblem(call, "notification"));
  else if (isRedirect(call.status)) step.problems.push(redirectProblem(call, "notification"));
  else if (call.status === 401) step.problems.push(CAUSE_OF_401);
  else if (call.status < 200 || call.status > 299) {
    const appError = appErrorOf(call.body);
    if (appError !== undefined) step.appError = appError;
    const answered = appError === undefined ? `HTTP ${call.status}:` : `${describeAppError(call.status, appError)};`;
    step.problems.push(`${answered} DOKU ${NOTIFICATION_RETRIED}`);
  }
  return step;
}

/**
 * Indomaret's till: DOKU holds the code and asks nobody, so paying it is the notification alone,
 * for the invoice and amount the code was made for.
 */
export async function simulateIndomaretPay(
  notifyUrl: string,
  n: Omit<NotifyInput, "chain" | "agentTrxId" | "requestId" | "date" | "originalRequestId">,
  c: Connection,
): Promise<Step[]> {
  return [await simulateNotify(notifyUrl, { ...n, chain: "indomaret" }, c)];
}

/** The whole till: inquiry, then (on success) the notification for that invoice and amount. */
export async function simulatePay(
  inquiryUrl: string,
  notifyUrl: string,
  paymentCode: string,
  c: Connection,
  status: TransactionStatus = "SUCCESS",
): Promise<Step[]> {
  const inquiry = await simulateInquiry(inquiryUrl, paymentCode, c);
  if (!inquiry.customerCanPay || inquiry.order === undefined) return [inquiry];
  const notification = await simulateNotify(
    notifyUrl,
    {
      invoiceNumber: inquiry.order.invoice_number,
      amount: inquiry.order.amount,
      paymentCode,
      status,
      originalRequestId: inquiry.requestId,
    },
    c,
  );
  return [inquiry, notification];
}
