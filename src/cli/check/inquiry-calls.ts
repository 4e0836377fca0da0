import {
  buildInquiryBody,
  checkInquiryAnswer,
  INQUIRY_STATUSES,
  type InquiryAnswerCheck,
  type InquiryStatus,
} from "../../protocol";
import type { DokuCaller, Exchange, SendInput } from "./doku-caller";

export interface InquiryCall {
  /** What was asked, for a person: "the payable code 8896…". */
  label: string;
  paymentCode: string;
  sent: Buffer;
  exchange: Exchange;
  /** DOKU's reading of the answer, when one came. */
  check: InquiryAnswerCheck | undefined;
}

interface InquiryBytesOptions {
  /** The code as a JSON integer, as DOKU's request table types it. */
  asInteger?: boolean;
  /** Spaced and indented, as another serialiser writes JSON. */
  spaced?: boolean;
  date?: string;
}

/** An inquiry's bytes as DOKU sends them, or as another serialiser would. */
export function inquiryBytes(code: string, options: InquiryBytesOptions = {}): Buffer {
  const body = buildInquiryBody({ paymentCode: code, ...(options.date === undefined ? {} : { date: options.date }) });
  let text = options.spaced ? JSON.stringify(body, null, 2) : JSON.stringify(body);
  if (options.asInteger) text = text.replace(/("payment_code":\s*)"(\d+)"/, "$1$2");
  return Buffer.from(text);
}

export interface Inquirer {
  caller: DokuCaller;
  url: string;
  clientId: string;
  secretKey: string;
}

/** Sends one inquiry and reads the answer as DOKU (the till and simulate) reads it. */
export async function inquire(
  i: Inquirer,
  label: string,
  paymentCode: string,
  sent: Buffer,
  extra: Omit<SendInput, "url" | "body"> = {},
): Promise<InquiryCall> {
  const exchange = await i.caller.send({ url: i.url, body: sent, ...extra });
  const check = exchange.ok
    ? checkInquiryAnswer({
        httpStatus: exchange.status,
        headers: exchange.headers,
        body: exchange.body,
        clientId: i.clientId,
        secretKey: i.secretKey,
        requestTarget: exchange.requestTarget,
        requestId: exchange.requestId,
        paymentCode,
        // Signed over a time in another UTC form verifies; inquiry-answers-signed notes the form apart.
        otherUtcForms: true,
      })
    : undefined;
  return { label, paymentCode, sent, exchange, check };
}

/** "HTTP 404, status billing_not_found", or what came instead of an answer. */
export function answered(call: InquiryCall): string {
  const e = call.exchange;
  if (!e.ok) return e.detail;
  const status = call.check?.inquiryStatus;
  return `HTTP ${e.status}${status === undefined ? "" : `, status ${status}`}`;
}

/** The answer carries one of DOKU's inquiry statuses (an HTML page or an empty body does not). */
export const isDokuStatus = (call: InquiryCall): boolean =>
  INQUIRY_STATUSES.includes(call.check?.inquiryStatus as InquiryStatus);
