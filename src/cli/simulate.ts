import { INQUIRY_HTTP_STATUS, INQUIRY_STATUSES, type InquiryStatus } from "../protocol";
import { buildInquiryBody, buildNotificationBody } from "../testing/builders";
import { verifyDokuResponse } from "../testing/verify-doku-response";
import { parseJsonAnswer, signedCall } from "./http-call";

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
  /** What DOKU would object to; empty when everything passed. */
  problems: string[];
}

const causeOf401 =
  "the app refused our signature: the secret key or Client-Id here differs from the app's, or the app verifies another path (mount prefix, proxy)";

export async function simulateInquiry(url: string, paymentCode: string, c: Connection): Promise<Step> {
  const call = await signedCall({ url, ...c, body: buildInquiryBody({ paymentCode }) });
  const answer = parseJsonAnswer(call);
  const status = (answer.online_to_offline_inquiry as { status?: unknown } | undefined)?.status;
  const step: Step = { kind: "inquiry", url, requestId: call.requestId, httpStatus: call.status, problems: [] };
  step.inquiryStatus = typeof status === "string" ? status : undefined;
  const order = answer.order as Step["order"];
  if (order && typeof order === "object") step.order = order;

  if (!INQUIRY_STATUSES.includes(status as InquiryStatus)) {
    step.problems.push(`online_to_offline_inquiry.status is ${JSON.stringify(status)}, not one of DOKU's statuses`);
    return step;
  }
  if (INQUIRY_HTTP_STATUS[status as InquiryStatus] !== call.status) {
    step.problems.push(`HTTP ${call.status} does not go with status ${String(status)} (DOKU expects ${INQUIRY_HTTP_STATUS[status as InquiryStatus]})`);
  }
  if (status === "invalid_signature") {
    step.problems.push(causeOf401);
    return step;
  }
  const check = verifyDokuResponse({ headers: call.headers, body: call.body, clientId: c.clientId, secretKey: c.secretKey, requestTarget: call.requestTarget, requestId: call.requestId });
  step.signatureValid = check.valid;
  if (!check.valid) step.problems.push(`the answer's signature does not verify (${check.reason}): ${check.detail}`);
  return step;
}

export interface NotifyInput {
  invoiceNumber: string;
  amount: number;
  paymentCode: string;
  status: "SUCCESS" | "FAILED";
  originalRequestId?: string | undefined;
}

export async function simulateNotify(url: string, n: NotifyInput, c: Connection): Promise<Step> {
  const call = await signedCall({ url, ...c, body: buildNotificationBody(n) });
  const step: Step = { kind: "notification", url, requestId: call.requestId, httpStatus: call.status, problems: [] };
  if (call.status === 401) step.problems.push(causeOf401);
  else if (call.status < 200 || call.status > 299) step.problems.push(`HTTP ${call.status}: DOKU would retry this notification in 30 minutes`);
  return step;
}

/** The whole till: inquiry, then (on success) the notification for that invoice and amount. */
export async function simulatePay(inquiryUrl: string, notifyUrl: string, paymentCode: string, c: Connection): Promise<Step[]> {
  const inquiry = await simulateInquiry(inquiryUrl, paymentCode, c);
  if (inquiry.problems.length > 0 || inquiry.inquiryStatus !== "success" || inquiry.order === undefined) {
    if (inquiry.problems.length === 0) inquiry.problems.push(`not payable: the app answered ${inquiry.inquiryStatus}`);
    return [inquiry];
  }
  const notification = await simulateNotify(
    notifyUrl,
    { invoiceNumber: inquiry.order.invoice_number, amount: inquiry.order.amount, paymentCode, status: "SUCCESS", originalRequestId: inquiry.requestId },
    c,
  );
  return [inquiry, notification];
}
