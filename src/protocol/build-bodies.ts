import { randomUUID } from "node:crypto";

import { formatTimestamp } from "../signature";
import { ALFA_ENVELOPE } from "./alfa-envelope";
import type { TransactionStatus } from "./notification";
import { STORE_ENVELOPES, type StoreChain } from "./store-chains";

export interface InquiryBodyInput {
  paymentCode?: string;
  /** ISO time of the inquiry. Default: now. */
  date?: string;
  identifier?: unknown[];
  /** Merged over the top-level fields, for odd cases (wrong channel, extra fields). */
  overrides?: Record<string, unknown>;
}

/** A valid Alfa Direct Inquiry body, as DOKU sends it. */
export function buildInquiryBody(input: InquiryBodyInput = {}): Record<string, unknown> {
  return {
    ...ALFA_ENVELOPE,
    online_to_offline_info: { payment_code: input.paymentCode ?? "8896512345678123" },
    online_to_offline_inquiry: {
      date: input.date ?? formatTimestamp(Date.now()),
      identifier: input.identifier ?? [],
    },
    ...input.overrides,
  };
}

export interface NotificationBodyInput {
  /** Whose envelope (service, acquirer, channel) it carries: `alfa` (default) or `indomaret`. */
  chain?: StoreChain;
  invoiceNumber?: string;
  amount?: number;
  paymentCode?: string;
  status?: TransactionStatus;
  /** The Alfa till's transaction id (`AGENT_TRX_ID`). Default: random. */
  agentTrxId?: string;
  /** The store (`AGENT_ID`): ALFAMART (Alfa's default), ALFAMIDI, LAWSON, DANDAN; INDOMARET (Indomaret's default). */
  agentId?: string;
  agentStoreId?: string;
  /** `transaction.original_request_id`: the inquiry's Request-Id. */
  originalRequestId?: string;
  date?: string;
  additionalInfo?: Record<string, unknown>;
  overrides?: Record<string, unknown>;
}

/** A valid Alfa (or Indomaret) payment notification body, as DOKU sends it after the customer paid. */
export function buildNotificationBody(input: NotificationBodyInput = {}): Record<string, unknown> {
  const chain = input.chain ?? "alfa";
  return {
    ...STORE_ENVELOPES[chain],
    transaction: {
      status: input.status ?? "SUCCESS",
      date: input.date ?? formatTimestamp(Date.now()),
      original_request_id: input.originalRequestId ?? randomUUID(),
    },
    order: { invoice_number: input.invoiceNumber ?? "INV-TEST-0001", amount: input.amount ?? 150_000 },
    online_to_offline_info: { payment_code: input.paymentCode ?? "8896512345678123" },
    online_to_offline_payment: {
      identifier: [
        { name: "AGENT_ID", value: input.agentId ?? (chain === "indomaret" ? "INDOMARET" : "ALFAMART") },
        { name: "AGENT_STORE_ID", value: input.agentStoreId ?? "TEST-STORE" },
        { name: "AGENT_TRX_ID", value: input.agentTrxId ?? randomUUID().slice(0, 12) },
      ],
    },
    additional_info: input.additionalInfo ?? {},
    ...input.overrides,
  };
}
