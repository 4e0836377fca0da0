import { type SecretKey, verifyAnswer, type VerifyAnswerInput } from "../signature";
import {
  AMOUNT_MAX,
  CUSTOMER_NAME_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  INVOICE_NUMBER_MAX_LENGTH,
  TILL_INFO_MAX_LENGTH,
} from "./field-limits";
import { INQUIRY_HTTP_STATUS, INQUIRY_STATUSES, type InquiryStatus } from "./inquiry-status";
import { isRecord } from "./is-record";
import { bodyPreview, jsonKindOf, parseJsonObject } from "./json-object";
import { PAYMENT_CODE_PATH } from "./payment-code";
import { rawJsonValueAt } from "./raw-json-value";

export interface InquiryAnswerInput {
  httpStatus: number;
  headers: Headers;
  body: Buffer;
  clientId: string;
  secretKey: SecretKey;
  requestTarget: string;
  requestId: string;
  /** The code asked: the answer's `online_to_offline_info.payment_code`, when it has one, must be this one. */
  paymentCode?: string | undefined;
  /** Take a Response-Timestamp in another UTC form than `…Z` (verifyAnswer's `otherUtcForms`). Default: false. */
  otherUtcForms?: boolean | undefined;
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
  /** The problem with the signature, also in `problems`, for a caller that reports it apart. */
  signatureProblem: string | undefined;
  /** The answer's `online_to_offline_info.payment_code` as written (digits, quoted or not), or `undefined`. */
  echoedPaymentCode: string | undefined;
  /** Empty when everything DOKU checks passed. */
  problems: string[];
}

export const CAUSE_OF_401 =
  "the app refused our signature: the secret key or Client-Id here differs from the app's, or the app verifies another path (mount prefix, proxy)";

/**
 * An inquiry answer that is not a JSON object, said as what it is: not JSON (a page, most likely
 * from a URL that is not the DOKU route), or JSON of another kind (an array, null, a number).
 */
export function notJsonObjectProblem(httpStatus: number, body: Buffer): string {
  const kind = jsonKindOf(body);
  const preview = `"${bodyPreview(body)}"`;
  if (kind === undefined)
    return `the answer (HTTP ${httpStatus}) is not JSON: ${preview}; is the URL the DOKU route, not a page?`;
  return `the answer (HTTP ${httpStatus}) is JSON but not an object (${kind}): ${preview}; DOKU reads an object with online_to_offline_inquiry.status`;
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
  const answer = parseJsonObject(input.body);
  const check: InquiryAnswerCheck = {
    inquiryStatus: undefined,
    order: undefined,
    customer: undefined,
    info: undefined,
    additionalInfo: undefined,
    signatureValid: undefined,
    signatureProblem: undefined,
    echoedPaymentCode: undefined,
    problems: [],
  };
  if (answer === undefined) {
    check.problems.push(notJsonObjectProblem(input.httpStatus, input.body));
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
  const verified = verifyAnswer(answerOf(input));
  check.signatureValid = verified.valid;
  if (!verified.valid) {
    check.signatureProblem =
      verified.reason === "wrong_content_type"
        ? contentTypeProblem(input, verified.detail)
        : `the answer's signature does not verify (${verified.reason}): ${verified.detail}`;
    check.problems.push(check.signatureProblem);
  }
  check.echoedPaymentCode = echoedCode(input.body.toString("utf8"));
  if (input.paymentCode !== undefined && check.echoedPaymentCode !== undefined) {
    if (check.echoedPaymentCode !== input.paymentCode)
      check.problems.push(
        `online_to_offline_info.payment_code is ${check.echoedPaymentCode}, not the code asked, ${input.paymentCode}: ` +
          "DOKU takes the answer for another code (a code kept as a JavaScript number loses digits past 2^53)",
      );
  }
  if (status === "success") {
    const amount = check.order?.amount;
    if (check.order === undefined)
      check.problems.push("a success answer without order.invoice_number and a numeric order.amount");
    else if (amount === undefined || !Number.isInteger(amount) || amount <= 0 || amount > AMOUNT_MAX) {
      check.problems.push(
        `order.amount ${String(amount)} is not a whole number of rupiah above 0 (Alfa takes closed amounts)`,
      );
    }
    check.problems.push(...limitProblems(answer, check));
  }
  return check;
}

/** What verifyAnswer is asked of this answer. */
const answerOf = (input: InquiryAnswerInput): VerifyAnswerInput => ({
  headers: input.headers,
  body: input.body,
  clientId: input.clientId,
  secretKey: input.secretKey,
  requestTarget: input.requestTarget,
  requestId: input.requestId,
  otherUtcForms: input.otherUtcForms,
});

/** A Content-Type other than JSON (PHP's default is text/html), and whether the signature itself verifies. */
function contentTypeProblem(input: InquiryAnswerInput, detail: string): string {
  const problem = `${detail}, not application/json: DOKU reads a JSON answer (PHP sends text/html unless told otherwise)`;
  const signature = verifyAnswer({ ...answerOf(input), checkContentType: false });
  return signature.valid
    ? `${problem}; the signature itself verifies`
    : `${problem}; and the answer's signature does not verify (${signature.reason}): ${signature.detail}`;
}

/** The echoed code as written: a quoted string as it is, an integer from the source text, never rounded. */
function echoedCode(text: string): string | undefined {
  const raw = rawJsonValueAt(text, PAYMENT_CODE_PATH);
  if (raw === undefined) return undefined;
  if (!raw.startsWith('"')) return raw;
  try {
    return String(JSON.parse(raw));
  } catch {
    return raw;
  }
}

/** DOKU's length limits on what a success answer shows at the till and keeps. */
function limitProblems(answer: Record<string, unknown>, check: InquiryAnswerCheck): string[] {
  const problems: string[] = [];
  const tooLong = (field: string, value: unknown, max: number) => {
    if (value !== undefined && (typeof value !== "string" || value.length > max))
      problems.push(`${field} ${JSON.stringify(value)} is not a string of at most ${max} characters (DOKU's limit)`);
  };
  const invoice = check.order?.invoice_number;
  if (invoice === "") problems.push("order.invoice_number is empty");
  else tooLong("order.invoice_number", invoice, INVOICE_NUMBER_MAX_LENGTH);
  tooLong("customer.name", check.customer?.name, CUSTOMER_NAME_MAX_LENGTH);
  tooLong("customer.email", check.customer?.email, EMAIL_MAX_LENGTH);
  const info = isRecord(answer.online_to_offline_info) ? answer.online_to_offline_info : {};
  tooLong("online_to_offline_info.info", info.info, TILL_INFO_MAX_LENGTH);
  return problems;
}
