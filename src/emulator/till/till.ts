import { randomInt, randomUUID } from "node:crypto";

import { buildInquiryBody, buildNotificationBody, checkInquiryAnswer, type StoreChain } from "../../protocol";
import { digestBody, formatTimestamp } from "../../signature";
import { type CallLog, loggedBody } from "../call-log";
import type { EmulatorClock } from "../clock";
import { type CodeBook, type PaymentCodeRecord, type PaymentRecord, stateOf } from "../code-book";
import type { EmulatorSettings } from "../emulator-options";
import type { TillInput, TillPayment, TillRefusal, TillScreen } from "../emulator-types";
import { callMerchant } from "./merchant-call";
import { answerCutShort, type MerchantFetchResult } from "./merchant-fetch";
import type { NotificationOutbox } from "./notification-outbox";

interface TillDeps {
  settings: EmulatorSettings;
  clock: EmulatorClock;
  book: CodeBook;
  outbox: NotificationOutbox;
  log: CallLog;
}

const REFUSALS_BY_STATUS: Record<string, TillRefusal> = {
  billing_not_found: "billing_not_found",
  billing_was_expired: "billing_was_expired",
  billing_already_paid: "billing_already_paid",
  decline: "declined",
};

/** The till's chain when the cashier names none: `AGENT_ID` and `AGENT_STORE_ID`. */
const DEFAULT_AGENT: Record<StoreChain, { id: string; storeId: string }> = {
  alfa: { id: "ALFAMART", storeId: "ALFA-EMU-0001" },
  indomaret: { id: "INDOMARET", storeId: "IDM-EMU-0001" },
};

const STATE_REFUSAL = {
  expired: ["billing_was_expired", "the payment code has expired"],
  paid: ["billing_already_paid", "the payment code has been paid already"],
  cancelled: ["cancelled", "the payment code was cancelled by the merchant"],
} as const;

const failureOf = (call: MerchantFetchResult & { ok: false }) =>
  answerCutShort(call) ??
  (call.reason === "too_large" ? `${call.detail}: cut off there` : `no answer: ${call.reason} (${call.detail})`);

/** The cashier's side of DOKU: inquiry at the POS, then the payment and its notification. */
export class Till {
  readonly #d: TillDeps;

  constructor(deps: TillDeps) {
    this.#d = deps;
  }

  /** What the POS shows for a code: from DOKU's state, or by asking the merchant (Direct Inquiry). */
  async inquire(
    input: TillInput,
  ): Promise<TillScreen & { record?: PaymentCodeRecord; additionalInfo?: Record<string, unknown> }> {
    const record = this.#d.book.byCode(input.payment_code);
    const screen = record !== undefined ? this.#fromRecord(record) : await this.#askMerchant(input);
    if (screen.payable && input.amount !== undefined && input.amount !== screen.amount) {
      return {
        ...screen,
        payable: false,
        refusal: "wrong_amount",
        detail: `the bill is ${screen.amount} rupiah, not ${input.amount}: ${screen.chain === "indomaret" ? "Indomaret" : "Alfa"} takes the exact amount only`,
      };
    }
    return screen;
  }

  async pay(input: TillInput): Promise<TillPayment> {
    const { record, additionalInfo, ...screen } = await this.inquire(input);
    if (!screen.payable) return { ...screen, paid: false };
    const client = this.#clientOf(record?.clientId ?? input.client_id);
    if (client === undefined)
      return { ...screen, paid: false, refusal: "merchant_error", detail: "no client for this code" };
    const direct = record === undefined;
    if (direct && this.#d.book.full) {
      return {
        ...screen,
        paid: false,
        refusal: "emulator_full",
        detail: `the emulator holds ${this.#d.book.limit} codes and payments, its limit (limits.codes)`,
      };
    }

    const now = this.#d.clock.now();
    const status = input.status ?? "SUCCESS";
    const chain = record?.chain ?? "alfa";
    const payment: PaymentRecord = {
      agentId: input.agent_id ?? DEFAULT_AGENT[chain].id,
      agentStoreId: input.agent_store_id ?? DEFAULT_AGENT[chain].storeId,
      agentTrxId: String(randomInt(100_000_000_000, 999_999_999_999)),
      amount: screen.amount as number,
      paidAt: now,
      notificationId: undefined,
      originalRequestId: record?.requestId ?? (screen.inquiry?.requestId as string),
    };
    const codeRecord = record ?? this.#directRecord(screen, client.clientId, payment, additionalInfo);
    if (status === "SUCCESS") codeRecord.payments.push(payment);

    const body = Buffer.from(
      JSON.stringify(
        buildNotificationBody({
          chain,
          invoiceNumber: screen.invoiceNumber as string,
          amount: payment.amount,
          paymentCode: screen.paymentCode,
          status,
          agentId: payment.agentId,
          agentStoreId: payment.agentStoreId,
          agentTrxId: payment.agentTrxId,
          originalRequestId: payment.originalRequestId,
          date: formatTimestamp(now),
          additionalInfo: codeRecord.additionalInfo ?? {},
        }),
      ),
    );
    const paid: TillPayment = {
      ...screen,
      paid: status === "SUCCESS",
      detail: status === "SUCCESS" ? "paid in cash" : "the payment failed at the till (FAILED notification)",
      payment: {
        agent_id: payment.agentId,
        agent_store_id: payment.agentStoreId,
        agent_trx_id: payment.agentTrxId,
        amount: payment.amount,
        paid_at: formatTimestamp(now),
        transaction_status: status,
      },
    };
    const target = this.#notificationTarget(codeRecord);
    if (input.notify === false) {
      paid.notification = {
        state: "dropped",
        reason: "notify: false: the notification was never sent (reconcile with Check Status)",
      };
      return paid;
    }
    if (target === undefined) {
      paid.notification = {
        state: "not_sent",
        reason: "no Notification URL: start the emulator with notificationUrl (--notification-url)",
      };
      return paid;
    }
    const delivery = await this.#d.outbox.send({
      url: target,
      clientId: client.clientId,
      key: client.key,
      body,
      requestId: randomUUID(),
      invoiceNumber: codeRecord.invoiceNumber,
      paymentCode: screen.paymentCode,
      transactionStatus: status,
    });
    payment.notificationId = delivery.id;
    paid.notification = delivery;
    return paid;
  }

  #clientOf(clientId: string | undefined) {
    const { clients } = this.#d.settings;
    return clientId === undefined ? clients[0] : clients.find((c) => c.clientId === clientId);
  }

  #fromRecord(record: PaymentCodeRecord): TillScreen & { record: PaymentCodeRecord } {
    const shown = {
      paymentCode: record.paymentCode,
      source: record.origin,
      chain: record.chain,
      invoiceNumber: record.invoiceNumber,
      name: record.customer.name,
      amount: record.amount,
      ...(record.info === undefined ? {} : { info: record.info }),
      record,
    };
    const state = stateOf(record, this.#d.clock.now());
    if (state === "active") return { ...shown, payable: true, detail: "payable" };
    const [refusal, detail] = STATE_REFUSAL[state];
    return { ...shown, payable: false, refusal, detail };
  }

  async #askMerchant(input: TillInput): Promise<TillScreen & { additionalInfo?: Record<string, unknown> }> {
    const { settings, clock, log } = this.#d;
    const unknown = { paymentCode: input.payment_code, source: "unknown" as const, payable: false };
    if (settings.inquiryUrl === undefined) {
      return {
        ...unknown,
        refusal: "billing_not_found",
        detail:
          "DOKU holds no such code and has no Inquiry URL to ask (start the emulator with inquiryUrl for Direct Inquiry codes)",
      };
    }
    const client = this.#clientOf(input.client_id);
    if (client === undefined)
      return {
        ...unknown,
        refusal: "merchant_error",
        detail: `client_id ${input.client_id} is not one of the emulator's clients`,
      };
    const body = Buffer.from(
      JSON.stringify(buildInquiryBody({ paymentCode: input.payment_code, date: formatTimestamp(clock.now()) })),
    );
    const call = await callMerchant({
      url: settings.inquiryUrl,
      clientId: client.clientId,
      secretKey: client.key,
      body,
      nowMs: clock.signingNow(),
      timeoutMs: settings.merchantTimeoutMs,
    });
    const check = call.ok
      ? checkInquiryAnswer({
          httpStatus: call.status,
          headers: call.headers,
          body: call.body,
          clientId: client.clientId,
          secretKey: client.key,
          requestTarget: call.requestTarget,
          requestId: call.requestId,
          paymentCode: input.payment_code,
        })
      : undefined;
    const problems = check?.problems ?? [call.ok ? "" : failureOf(call)];
    log.record({
      at: new Date(clock.now()).toISOString(),
      direction: "sent",
      kind: "inquiry",
      method: "POST",
      url: settings.inquiryUrl.href,
      clientId: client.clientId,
      requestId: call.requestId,
      requestTimestamp: call.requestTimestamp,
      bodyDigest: digestBody(body),
      body: loggedBody(body),
      status: call.ok ? call.status : undefined,
      answer: call.ok ? loggedBody(call.body) : undefined,
      signature:
        check?.signatureValid === undefined
          ? undefined
          : {
              valid: check.signatureValid,
              ...(check.signatureValid ? {} : { reason: "bad_answer_signature", detail: problems.join("; ") }),
            },
      ...(call.ok ? {} : { error: problems[0] }),
      durationMs: call.durationMs,
    });
    const inquiry = {
      url: settings.inquiryUrl.href,
      requestId: call.requestId,
      httpStatus: call.ok ? call.status : undefined,
      status: check?.inquiryStatus,
      signatureValid: check?.signatureValid,
      problems,
    };
    const shown = { ...unknown, source: "direct_inquiry" as const, chain: "alfa" as const, inquiry };
    if (check === undefined || problems.length > 0) {
      return {
        ...shown,
        refusal: "merchant_error",
        detail: `the merchant's inquiry answer is not one DOKU takes: ${problems.join("; ")}`,
      };
    }
    const order = check.order;
    const details = {
      ...(order === undefined ? {} : { invoiceNumber: order.invoice_number, amount: order.amount }),
      ...(typeof check.customer?.name === "string" ? { name: check.customer.name } : {}),
      ...(check.info === undefined ? {} : { info: check.info }),
    };
    if (check.inquiryStatus === "success") {
      return {
        ...shown,
        ...details,
        payable: true,
        detail: "payable",
        ...(check.additionalInfo === undefined ? {} : { additionalInfo: check.additionalInfo }),
      };
    }
    return {
      ...shown,
      ...details,
      refusal: REFUSALS_BY_STATUS[check.inquiryStatus as string] as TillRefusal,
      detail: `the merchant answered ${check.inquiryStatus}`,
    };
  }

  /** A Direct Inquiry payment, kept so that Check Status knows its invoice. */
  #directRecord(
    screen: TillScreen,
    clientId: string,
    payment: PaymentRecord,
    additionalInfo: Record<string, unknown> | undefined,
  ): PaymentCodeRecord {
    const known = this.#d.book.byInvoice(clientId, screen.invoiceNumber as string);
    if (known !== undefined) return known;
    const record: PaymentCodeRecord = {
      paymentCode: screen.paymentCode,
      clientId,
      invoiceNumber: screen.invoiceNumber as string,
      amount: payment.amount,
      origin: "direct_inquiry",
      chain: "alfa",
      reusable: true,
      info: screen.info,
      customer: { name: screen.name ?? "" },
      additionalInfo,
      createdAt: payment.paidAt,
      expiresAt: payment.paidAt,
      cancelledAt: undefined,
      requestId: payment.originalRequestId,
      payments: [],
    };
    this.#d.book.add(record);
    return record;
  }

  #notificationTarget(record: PaymentCodeRecord): URL | undefined {
    const override = record.origin === "direct_inquiry" ? undefined : record.additionalInfo?.override_notification_url;
    return typeof override === "string" ? new URL(override) : this.#d.settings.notificationUrl;
  }
}
