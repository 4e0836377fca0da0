import { CHECK_STATUS_VALUES, isRecord, type PaymentCodeAnswer } from "../protocol";
import type { Answered } from "./send-call";

interface CallFacts {
  /** The call's Request-Id (keep it: a retry with it is answered with the first answer). */
  requestId: string;
  /** DOKU answered 409: this is its first answer to this Request-Id, replayed. */
  replayed: boolean;
}

/** A create, register, update or cancel: DOKU's answer as sent, plus the facts and conveniences. */
export interface PaymentCodeResult extends PaymentCodeAnswer, CallFacts {
  paymentCode: string;
  /** From `created_date_utc` / `expired_date_utc`; `undefined` when DOKU sent none. */
  createdAt: Date | undefined;
  expiresAt: Date | undefined;
}

export type CheckStatus = (typeof CHECK_STATUS_VALUES)[number];

/** Check Status as DOKU answers it (like the notification), loosely: DOKU adds fields. */
export interface StatusAnswer {
  order: { invoice_number: string; amount: number | string };
  transaction: { status: string; date?: string; original_request_id?: string };
  online_to_offline_info?: {
    payment_code?: string;
    created_date?: string;
    expired_date?: string;
    reusable_status?: boolean | string;
  };
  online_to_offline_payment?: { identifier?: { name: string; value: string }[] };
  [field: string]: unknown;
}

export interface PaymentStatusResult extends StatusAnswer, CallFacts {
  /** `transaction.status`: one of DOKU's values, or a string it added since. */
  status: CheckStatus | (string & {});
  /** Everything but PENDING (and statuses unknown to this version) is final. */
  isFinal: boolean;
  /** `order.amount` as a number, whether DOKU sent 120000, "120000" or "120000.00". */
  amount: number | undefined;
  /** `reusable_status` as a boolean, whether DOKU sent true or "true". */
  reusable: boolean | undefined;
  /** `transaction.date` as a Date. */
  transactionDate: Date | undefined;
  /** The Alfa store's references (`AGENT_ID`, `AGENT_STORE_ID`, `AGENT_TRX_ID`), by name. */
  identifiers: Record<string, string>;
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== "string") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** An amount DOKU sent as a number or a decimal string; `undefined` for anything else. */
export function amountOf(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && /^\d{1,12}(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  return value === "true" ? true : value === "false" ? false : undefined;
}

/** `undefined` when the answer has no payment code: the caller cannot trust it. */
export function paymentCodeResult(answered: Answered): PaymentCodeResult | undefined {
  const info = answered.json.online_to_offline_info;
  if (!isRecord(info) || typeof info.payment_code !== "string") return undefined;
  const body = answered.json as unknown as PaymentCodeAnswer;
  return {
    ...body,
    requestId: answered.requestId,
    replayed: answered.replayed,
    paymentCode: info.payment_code,
    createdAt: dateOf(info.created_date_utc),
    expiresAt: dateOf(info.expired_date_utc),
  };
}

export function statusResult(answered: Answered): PaymentStatusResult | undefined {
  const { json } = answered;
  const transaction = json.transaction;
  if (!isRecord(transaction) || typeof transaction.status !== "string" || !isRecord(json.order)) return undefined;
  const identifiers: Record<string, string> = {};
  const payment = json.online_to_offline_payment;
  for (const item of isRecord(payment) && Array.isArray(payment.identifier) ? payment.identifier : []) {
    if (isRecord(item) && typeof item.name === "string" && typeof item.value === "string")
      identifiers[item.name] = item.value;
  }
  const status = transaction.status;
  return {
    ...(json as unknown as StatusAnswer),
    requestId: answered.requestId,
    replayed: answered.replayed,
    status,
    isFinal: (CHECK_STATUS_VALUES as readonly string[]).includes(status) && status !== "PENDING",
    amount: amountOf(json.order.amount),
    reusable: booleanOf(
      isRecord(json.online_to_offline_info) ? json.online_to_offline_info.reusable_status : undefined,
    ),
    transactionDate: dateOf(transaction.date),
    identifiers,
  };
}
