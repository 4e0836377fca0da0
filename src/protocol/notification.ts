import { z } from "zod";

import { invoiceNumberSchema } from "./field-limits";
import { paymentCodeSchema } from "./inquiry-request";
import type { StoreChannelId } from "./store-chains";

/** `transaction.status` values DOKU documents (notifications send SUCCESS or FAILED). */
export const TRANSACTION_STATUSES = ["SUCCESS", "FAILED", "PENDING", "EXPIRED", "REFUNDED", "TIMEOUT"] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

const identifierSchema = z.looseObject({
  /** `AGENT_ID`, `AGENT_STORE_ID`, `AGENT_TRX_ID`, … */
  name: z.string(),
  value: z.string(),
});

/**
 * Settlement data on a notification: DOKU documents none; one third-party fixture shows
 * `[{ bank_account_settlement_id, value, type: "NETT" }]`. Kept in the notification as it came
 * (never a reason to refuse a payment); `settlementOf` reads it in that shape.
 */
const notifiedSettlementSchema = z.array(
  z.looseObject({
    bank_account_settlement_id: z.string().optional(),
    value: z.union([z.number(), z.string()]).optional(),
    /** `NETT` in the one sample seen. */
    type: z.string().optional(),
  }),
);

export type NotifiedSettlementEntry = z.output<typeof notifiedSettlementSchema>[number];

/** A notification's `settlement` in the shape seen, or `undefined` when it has none or another shape. */
export function settlementOf(notification: { settlement?: unknown }): NotifiedSettlementEntry[] | undefined {
  const read = notifiedSettlementSchema.safeParse(notification.settlement);
  return read.success ? read.data : undefined;
}

/** DOKU's HTTP payment notification. Unknown fields are kept: DOKU adds fields without notice. Compiled, as the request schema. */
export const paymentNotificationSchema = z.compile(
  z.looseObject({
    service: z.looseObject({ id: z.string().min(1) }),
    acquirer: z.looseObject({ id: z.string() }).optional(),
    channel: z.looseObject({ id: z.string().min(1) }),
    order: z.looseObject({
      invoice_number: invoiceNumberSchema,
      amount: z.number().nonnegative(),
    }),
    online_to_offline_info: z.looseObject({ payment_code: paymentCodeSchema }).optional(),
    online_to_offline_payment: z.looseObject({ identifier: z.array(identifierSchema).optional() }).optional(),
    transaction: z.looseObject({
      status: z.enum(TRANSACTION_STATUSES),
      date: z.string().optional(),
      original_request_id: z.string().optional(),
    }),
    settlement: z.unknown().optional(),
    additional_info: z.record(z.string(), z.unknown()).optional(),
  }),
);

type ParsedNotification = z.output<typeof paymentNotificationSchema>;

/**
 * A notification as the router hands it over. `channel.id` tells the chains apart:
 * `ONLINE_TO_OFFLINE_ALFA` or `ONLINE_TO_OFFLINE_INDOMARET` (see storeChainOf); another
 * channel DOKU sends is kept as it came.
 */
export type PaymentNotification = ParsedNotification & { channel: { id: StoreChannelId | (string & {}) } };
