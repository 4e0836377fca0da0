import { type SecretKey, verifyAnswer } from "../signature";
import { AMOUNT_MAX } from "./field-limits";
import { INQUIRY_HTTP_STATUS, INQUIRY_STATUSES, type InquiryStatus } from "./inquiry-status";
import { isRecord } from "./is-record";

export interface InquiryAnswerInput {
  httpStatus: number;
  headers: Headers;
  body: Buffer;
  clientId: string;
  secretKey: SecretKey;
  requestTarget: string;
  requestId: string;
}

/** What DOKU makes of a merchant's inquiry answer, and what it would object to. */
export interface InquiryAnswerCheck {
  inquiryStatus: string | undefined;
  order: { invoice_number: string; amount: number } | undefined;
  customer: { name?: string; email?: string } | undefined;
  info: string | undefined;
  additionalInfo: Record<string, unknown> | undefined;
  /** Whether the answer's signature verified; `undefined` when it was not checked (a 401). */
  signatureValid: boolean | undefined;
  /** Empty when everything DOKU checks passed. */
  problems: string[];
}

export const CAUSE_OF_401 =
  "the app refused our signature: the secret key or Client-Id here differs from the app's, or the app verifies another path (mount prefix, proxy)";

function parse(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function orderOf(answer: Record<string, unknown>): InquiryAnswerCheck["order"] {
  const order = answer.order;
  if (!isRecord(order) || typeof order.invoice_number !== "string" || typeof order.amount !== "number")
    return undefined;
  return { invoice_number: order.invoice_number, amount: order.amount };
}

/**
 * The checks DOKU makes on an inquiry answer (the emulator's till and the CLI's simulator make
 * them): a JSON body, one of DOKU's statuses with its HTTP code, a signature over the exact
 * bytes (every answer but a 401), and for `success` an order Alfa can take (an integer amount
 * above 0: closed amounts only).
 */
export function checkInquiryAnswer(input: InquiryAnswerInput): InquiryAnswerCheck {
  const answer = parse(input.body);
  const check: InquiryAnswerCheck = {
    inquiryStatus: undefined,
    order: undefined,
    customer: undefined,
    info: undefined,
    additionalInfo: undefined,
    signatureValid: undefined,
    problems: [],
  };
  if (answer === undefined) {
    const preview = input.body.toString("utf8").slice(0, 60).replace(/\s+/g, " ");
    check.problems.push(
      `the answer (HTTP ${input.httpStatus}) is not a JSON object: "${preview}"; is the URL the DOKU route, not a page?`,
    );
    return check;
  }
  const status = isRecord(answer.online_to_offline_inquiry) ? answer.online_to_offline_inquiry.status : undefined;
  check.inquiryStatus = typeof status === "string" ? status : undefined;
  check.order = orderOf(answer);
  const info = isRecord(answer.online_to_offline_info) ? answer.online_to_offline_info : {};
  check.info = typeof info.info === "string" ? info.info : typeof info.info1 === "string" ? info.info1 : undefined;
  if (isRecord(answer.customer)) check.customer = answer.customer;
  if (isRecord(answer.additional_info)) check.additionalInfo = answer.additional_info;

  if (!INQUIRY_STATUSES.includes(status as InquiryStatus)) {
    check.problems.push(`online_to_offline_inquiry.status is ${JSON.stringify(status)}, not one of DOKU's statuses`);
    return check;
  }
  const expected = INQUIRY_HTTP_STATUS[status as InquiryStatus];
  if (expected !== input.httpStatus)
    check.problems.push(
      `HTTP ${input.httpStatus} does not go with status ${String(status)} (DOKU expects ${expected})`,
    );
  if (status === "invalid_signature") {
    check.problems.push(CAUSE_OF_401);
    return check;
  }
  const verified = verifyAnswer({
    headers: input.headers,
    body: input.body,
    clientId: input.clientId,
    secretKey: input.secretKey,
    requestTarget: input.requestTarget,
    requestId: input.requestId,
  });
  check.signatureValid = verified.valid;
  if (!verified.valid)
    check.problems.push(`the answer's signature does not verify (${verified.reason}): ${verified.detail}`);
  if (status === "success") {
    const amount = check.order?.amount;
    if (check.order === undefined)
      check.problems.push("a success answer without order.invoice_number and a numeric order.amount");
    else if (amount === undefined || !Number.isInteger(amount) || amount <= 0 || amount > AMOUNT_MAX) {
      check.problems.push(
        `order.amount ${String(amount)} is not a whole number of rupiah above 0 (Alfa takes closed amounts)`,
      );
    }
  }
  return check;
}
