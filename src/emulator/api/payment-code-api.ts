import type { z } from "zod";

import {
  createPaymentCodeSchema,
  formatZodIssues,
  HOW_TO_PAY_API_PATH,
  HOW_TO_PAY_PAGE_PATH,
  INDOMARET_HOW_TO_PAY_PAGE_PATH,
  jakartaDate,
  type PaymentCodeAnswer,
  registerPaymentCodeSchema,
  type Result,
  STORE_ENVELOPES,
  type StoreChain,
  updatePaymentCodeSchema,
} from "../../protocol";
import { formatTimestamp } from "../../signature";
import { type CodeBook, type CodeOrigin, type PaymentCodeRecord, stateOf } from "../code-book";
import type { ErrorAnswer, UndocumentedCase } from "../undocumented-answers";
import { errorBody } from "./doku-errors";
import { isPermittedOverride } from "./notification-target";

/** What a call to DOKU's API comes to, before faults, signing and replay. */
export interface ApiOutcome {
  status: number;
  body: unknown;
}

export interface ApiContext {
  book: CodeBook;
  nowMs: number;
  clientId: string;
  requestId: string;
  answers: Readonly<Record<UndocumentedCase, ErrorAnswer>>;
  /** Where the emulator is reached, for the how-to-pay links. */
  baseUrl: string;
  notificationUrl: URL | undefined;
}

const MINUTE = 60_000;

function refuse(ctx: ApiContext, name: UndocumentedCase, invoiceNumber?: string, detail?: string): ApiOutcome {
  const answer = ctx.answers[name];
  const message = detail === undefined ? answer.message : `${answer.message}: ${detail}`;
  return { status: answer.status, body: errorBody(answer.code, message, invoiceNumber) };
}

/** A refused body names the invoice where it could be read, for the answer's envelope. */
type Parsed<S extends z.ZodType> = Result<{ value: z.output<S> }, "invalid_body", { invoice: string | undefined }>;

/** JSON, then DOKU's field limits; the first problem is named in the answer. */
function parseBody<S extends z.ZodType>(body: Buffer, schema: S): Parsed<S> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return { ok: false, reason: "invalid_body", detail: "the body is not valid JSON", invoice: undefined };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const invoice = (json as { order?: { invoice_number?: unknown } } | null)?.order?.invoice_number;
  const detail = formatZodIssues(parsed.error, { max: 1 });
  return { ok: false, reason: "invalid_body", detail, invoice: typeof invoice === "string" ? invoice : undefined };
}

function datesOf(record: PaymentCodeRecord) {
  return {
    created_date: jakartaDate(record.createdAt),
    expired_date: jakartaDate(record.expiresAt),
    created_date_utc: formatTimestamp(record.createdAt),
    expired_date_utc: formatTimestamp(record.expiresAt),
  };
}

/** `info` and `info1` are one text under two names; two different texts are refused. */
function tillInfoOf(info: {
  info?: string | undefined;
  info1?: string | undefined;
}): Result<{ value: string | undefined }, "invalid_body"> {
  if (info.info !== undefined && info.info1 !== undefined && info.info !== info.info1) {
    return { ok: false, reason: "invalid_body", detail: "online_to_offline_info.info and info1 carry different texts" };
  }
  return { ok: true, value: info.info ?? info.info1 };
}

/** The links DOKU's answer carries: Alfa's page and steps, or Indomaret's page (DOKU shows no Indomaret API link). */
function howToPayLinks(ctx: ApiContext, chain: StoreChain, paymentCode: string) {
  if (chain === "indomaret")
    return { how_to_pay_page: `${ctx.baseUrl}${INDOMARET_HOW_TO_PAY_PAGE_PATH}${paymentCode}` };
  return {
    how_to_pay_page: `${ctx.baseUrl}${HOW_TO_PAY_PAGE_PATH}${paymentCode}`,
    how_to_pay_api: `${ctx.baseUrl}${HOW_TO_PAY_API_PATH}${paymentCode}`,
  };
}

/**
 * DGPC (`origin` doku_generated, at Alfa or Indomaret) and MGPC (merchant_generated, Alfa only):
 * a new code for an invoice. Invoice numbers are one space across both chains.
 */
export function createCode(
  ctx: ApiContext,
  body: Buffer,
  origin: Exclude<CodeOrigin, "direct_inquiry">,
  chain: StoreChain = "alfa",
): ApiOutcome {
  const parsed =
    origin === "doku_generated" ? parseBody(body, createPaymentCodeSchema) : parseBody(body, registerPaymentCodeSchema);
  if (!parsed.ok) return refuse(ctx, parsed.reason, parsed.invoice, parsed.detail);
  const request = parsed.value;
  const invoiceNumber = request.order.invoice_number;
  const info = tillInfoOf(request.online_to_offline_info);
  if (!info.ok) return refuse(ctx, info.reason, invoiceNumber, info.detail);
  const override = request.additional_info?.override_notification_url;
  if (override !== undefined) {
    const permitted = isPermittedOverride(override, ctx.notificationUrl);
    if (!permitted.ok) return refuse(ctx, "invalid_body", invoiceNumber, permitted.detail);
  }
  if (ctx.book.full) {
    return {
      status: 503,
      body: errorBody(
        "emulator_capacity_reached",
        `The emulator holds ${ctx.book.limit} codes, its limit (limits.codes); reset it or raise the limit`,
        invoiceNumber,
        "api_error",
      ),
    };
  }
  if (ctx.book.byInvoice(ctx.clientId, invoiceNumber) !== undefined)
    return refuse(ctx, "duplicate_invoice_number", invoiceNumber);

  const requested =
    "payment_code" in request.online_to_offline_info
      ? (request.online_to_offline_info.payment_code as string)
      : undefined;
  if (requested !== undefined && ctx.book.byCode(requested) !== undefined)
    return refuse(ctx, "duplicate_payment_code", invoiceNumber);
  const paymentCode = requested ?? ctx.book.generateCode();

  const record: PaymentCodeRecord = {
    paymentCode,
    clientId: ctx.clientId,
    invoiceNumber,
    amount: request.order.amount,
    origin,
    chain,
    reusable: request.online_to_offline_info.reusable_status,
    info: info.value,
    customer: { name: request.customer.name, email: request.customer.email },
    additionalInfo: request.additional_info,
    createdAt: ctx.nowMs,
    expiresAt: ctx.nowMs + (request.online_to_offline_info.expired_time ?? 60) * MINUTE,
    cancelledAt: undefined,
    requestId: ctx.requestId,
    payments: [],
  };
  ctx.book.add(record);
  const answer: PaymentCodeAnswer = {
    order: { invoice_number: invoiceNumber },
    online_to_offline_info: {
      payment_code: paymentCode,
      ...howToPayLinks(ctx, chain, paymentCode),
      ...datesOf(record),
    },
  };
  if (request.additional_info !== undefined) answer.additional_info = request.additional_info;
  return { status: 200, body: answer };
}

/**
 * An update's split settlement or sub-account replaces the code's, each on its own; the rest of the code's
 * `additional_info` (its notification URL above all) stays as the create set it.
 */
function withSplit(
  current: Record<string, unknown> | undefined,
  update: { settlement?: unknown; account?: unknown } | undefined,
): Record<string, unknown> | undefined {
  if (update?.settlement === undefined && update?.account === undefined) return current;
  return {
    ...current,
    ...(update.settlement === undefined ? {} : { settlement: update.settlement }),
    ...(update.account === undefined ? {} : { account: update.account }),
  };
}

/** The PATCH: `ACTIVE` updates an active code, `DELETE` cancels it. */
export function updateCode(ctx: ApiContext, body: Buffer): ApiOutcome {
  const parsed = parseBody(body, updatePaymentCodeSchema);
  if (!parsed.ok) return refuse(ctx, parsed.reason, parsed.invoice, parsed.detail);
  const request = parsed.value;
  const invoiceNumber = request.order.invoice_number;
  const o2o = request.online_to_offline_info;
  const record = ctx.book.byCode(o2o.payment_code);
  // Indomaret codes have no update or cancel: DOKU's Alfa PATCH does not know them.
  if (
    record === undefined ||
    record.chain !== "alfa" ||
    record.clientId !== ctx.clientId ||
    record.invoiceNumber !== invoiceNumber
  ) {
    return refuse(ctx, "payment_code_not_found", invoiceNumber);
  }
  const state = stateOf(record, ctx.nowMs);
  if (state === "cancelled") return refuse(ctx, "payment_code_cancelled", invoiceNumber);
  if (state === "paid") return refuse(ctx, "payment_code_paid", invoiceNumber);
  if (state === "expired") return refuse(ctx, "payment_code_expired", invoiceNumber);
  const info = tillInfoOf(o2o);
  if (!info.ok) return refuse(ctx, info.reason, invoiceNumber, info.detail);

  if (o2o.status === "DELETE") {
    record.cancelledAt = ctx.nowMs;
  } else {
    if (request.order.amount !== undefined) record.amount = request.order.amount;
    if (o2o.expired_time !== undefined) record.expiresAt = ctx.nowMs + o2o.expired_time * MINUTE;
    if (o2o.reusable_status !== undefined) record.reusable = o2o.reusable_status;
    if (info.value !== undefined) record.info = info.value;
    if (request.customer !== undefined)
      record.customer = { name: request.customer.name, email: request.customer.email };
    record.additionalInfo = withSplit(record.additionalInfo, request.additional_info);
  }
  return {
    status: 200,
    body: {
      order: { invoice_number: invoiceNumber },
      online_to_offline_info: { payment_code: record.paymentCode, ...datesOf(record) },
    },
  };
}

/** `transaction.status` from the state: SUCCESS once paid, FAILED once cancelled (the emulator's choice), EXPIRED, else PENDING. */
function transactionStatus(record: PaymentCodeRecord, nowMs: number): string {
  if (record.payments.length > 0) return "SUCCESS";
  const state = stateOf(record, nowMs);
  return state === "cancelled" ? "FAILED" : state === "expired" ? "EXPIRED" : "PENDING";
}

/** Check Status, by invoice number or by the Request-Id of the call that made the code. */
export function checkStatus(ctx: ApiContext, identifier: string): ApiOutcome {
  const record = ctx.book.find(ctx.clientId, identifier);
  if (record === undefined) return refuse(ctx, "transaction_not_found");
  const payment = record.payments[record.payments.length - 1];
  const body: Record<string, unknown> = {
    order: { invoice_number: record.invoiceNumber, amount: payment?.amount ?? record.amount },
    transaction: {
      status: transactionStatus(record, ctx.nowMs),
      date: formatTimestamp(payment?.paidAt ?? record.cancelledAt ?? record.createdAt),
      original_request_id: payment?.originalRequestId ?? record.requestId,
    },
    ...STORE_ENVELOPES[record.chain],
    online_to_offline_info: {
      payment_code: record.paymentCode,
      created_date: jakartaDate(record.createdAt),
      expired_date: jakartaDate(record.expiresAt),
      reusable_status: record.reusable,
    },
  };
  if (payment !== undefined) {
    body.online_to_offline_payment = {
      identifier: [
        { name: "AGENT_ID", value: payment.agentId },
        { name: "AGENT_STORE_ID", value: payment.agentStoreId },
        { name: "AGENT_TRX_ID", value: payment.agentTrxId },
      ],
    };
  }
  return { status: 200, body };
}
