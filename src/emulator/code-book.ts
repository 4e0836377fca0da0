import { randomInt } from "node:crypto";

import type { StoreChain } from "../protocol";

/** Who made the code: DOKU (DGPC), the merchant registering it (MGPC), or the merchant alone (Direct Inquiry). */
export type CodeOrigin = "doku_generated" | "merchant_generated" | "direct_inquiry";
export type CodeState = "active" | "paid" | "expired" | "cancelled";

export interface PaymentRecord {
  agentId: string;
  agentStoreId: string;
  agentTrxId: string;
  amount: number;
  paidAt: number;
  /** The notification this payment sent (see the outbox). */
  notificationId: number | undefined;
  /** `transaction.original_request_id`: the create call's Request-Id, or the inquiry's. */
  originalRequestId: string;
}

export interface PaymentCodeRecord {
  paymentCode: string;
  clientId: string;
  invoiceNumber: string;
  amount: number;
  origin: CodeOrigin;
  /** Where the customer pays it: at Alfa (every origin) or at Indomaret (DOKU-generated only). */
  chain: StoreChain;
  reusable: boolean;
  info: string | undefined;
  customer: { name: string; email?: string | undefined };
  additionalInfo: Record<string, unknown> | undefined;
  createdAt: number;
  expiresAt: number;
  cancelledAt: number | undefined;
  /** The Request-Id of the call that created it (Check Status finds it by this too). */
  requestId: string;
  payments: PaymentRecord[];
}

const keyOf = (clientId: string, id: string) => `${clientId}\n${id}`;

/**
 * Everything the emulator knows about codes and payments, bounded by `limit` records.
 * DGPC and MGPC codes are found by code; Direct Inquiry payments only by invoice and
 * Request-Id, since the till asks the merchant about those codes every time.
 */
export class CodeBook {
  readonly limit: number;
  readonly #prefix: string;
  readonly #length: number;
  #byCode = new Map<string, PaymentCodeRecord>();
  #byInvoice = new Map<string, PaymentCodeRecord>();
  #byRequestId = new Map<string, PaymentCodeRecord>();

  constructor(limit: number, prefix: string, length: number) {
    this.limit = limit;
    this.#prefix = prefix;
    this.#length = length;
  }

  get size(): number {
    return this.#byInvoice.size;
  }

  get full(): boolean {
    return this.size >= this.limit;
  }

  /** A fresh code: the prefix, then random digits, never one already held. */
  generateCode(): string {
    for (;;) {
      let code = this.#prefix;
      while (code.length < this.#length) code += String(randomInt(10));
      if (!this.#byCode.has(code)) return code;
    }
  }

  add(record: PaymentCodeRecord): void {
    if (record.origin !== "direct_inquiry") this.#byCode.set(record.paymentCode, record);
    this.#byInvoice.set(keyOf(record.clientId, record.invoiceNumber), record);
    this.#byRequestId.set(keyOf(record.clientId, record.requestId), record);
  }

  byCode(paymentCode: string): PaymentCodeRecord | undefined {
    return this.#byCode.get(paymentCode);
  }

  byInvoice(clientId: string, invoiceNumber: string): PaymentCodeRecord | undefined {
    return this.#byInvoice.get(keyOf(clientId, invoiceNumber));
  }

  /** By invoice number first, then by the Request-Id of the call that made it. */
  find(clientId: string, invoiceOrRequestId: string): PaymentCodeRecord | undefined {
    return this.byInvoice(clientId, invoiceOrRequestId) ?? this.#byRequestId.get(keyOf(clientId, invoiceOrRequestId));
  }

  all(): IterableIterator<PaymentCodeRecord> {
    return this.#byInvoice.values();
  }

  clear(): void {
    this.#byCode.clear();
    this.#byInvoice.clear();
    this.#byRequestId.clear();
  }
}

export function stateOf(record: PaymentCodeRecord, now: number): CodeState {
  if (record.cancelledAt !== undefined) return "cancelled";
  if (record.payments.length > 0 && !record.reusable) return "paid";
  if (now >= record.expiresAt) return "expired";
  return "active";
}
