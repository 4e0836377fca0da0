import { z } from "zod";

import {
  amountSchema,
  customerNameOnUpdateSchema,
  customerNameSchema,
  emailSchema,
  expiredTimeSchema,
  invoiceNumberSchema,
  tillInfoSchema,
} from "./field-limits";
import { paymentCodeSchema } from "./inquiry-request";
import { settlementSchema, subAccountSchema } from "./split-settlement";

export { SETTLEMENT_TYPES, type SettlementEntry, type SettlementType } from "./split-settlement";

// DOKU's payment code calls. The client checks a body against these before sending it; the
// emulator checks what it receives against the same schemas.
const splitSettlement = {
  /** Split settlement, for aggregator merchants whose settlement accounts DOKU has verified. */
  settlement: settlementSchema.optional(),
  account: subAccountSchema.optional(),
};

const additionalInfo = z.looseObject({
  /** Another notification URL for this code; DOKU keeps the configured path. */
  override_notification_url: z.url({ protocol: /^https?$/ }).optional(),
  ...splitSettlement,
});

const order = z.looseObject({ invoice_number: invoiceNumberSchema, amount: amountSchema });
const customer = z.looseObject({ name: customerNameSchema, email: emailSchema.optional() });

const createInfo = {
  expired_time: expiredTimeSchema.optional(),
  reusable_status: z.boolean(),
  info: tillInfoSchema.optional(),
  /** The name DOKU's plugins send; never a text other than `info`'s. */
  info1: tillInfoSchema.optional(),
};

// Keys in the order of DOKU's samples: the client sends the checked body in this order.
/** DGPC: DOKU generates the payment code. */
export const createPaymentCodeSchema = z.looseObject({
  order,
  online_to_offline_info: z.looseObject(createInfo),
  customer,
  additional_info: additionalInfo.optional(),
});

/** MGPC: the merchant registers a code of its own. */
export const registerPaymentCodeSchema = z.looseObject({
  order,
  online_to_offline_info: z.looseObject({ payment_code: paymentCodeSchema, ...createInfo }),
  customer,
  additional_info: additionalInfo.optional(),
});

/** PATCH: `status` ACTIVE updates the code, DELETE cancels it. */
export const updatePaymentCodeSchema = z.looseObject({
  order: z.looseObject({ invoice_number: invoiceNumberSchema, amount: amountSchema.optional() }),
  online_to_offline_info: z.looseObject({
    payment_code: paymentCodeSchema,
    status: z.enum(["ACTIVE", "DELETE"]),
    expired_time: expiredTimeSchema.optional(),
    reusable_status: z.boolean().optional(),
    info: tillInfoSchema.optional(),
    info1: tillInfoSchema.optional(),
  }),
  customer: z.looseObject({ name: customerNameOnUpdateSchema, email: emailSchema.optional() }).optional(),
  additional_info: z.looseObject(splitSettlement).optional(),
});

export type CreatePaymentCodeRequest = z.input<typeof createPaymentCodeSchema>;
export type RegisterPaymentCodeRequest = z.input<typeof registerPaymentCodeSchema>;
export type UpdatePaymentCodeRequest = z.input<typeof updatePaymentCodeSchema>;

/** What DOKU answers to a create, a register, an update or a cancel. */
export interface PaymentCodeAnswer {
  order: { invoice_number: string };
  online_to_offline_info: {
    payment_code: string;
    how_to_pay_page?: string;
    how_to_pay_api?: string;
    /** `yyyyMMddHHmmss`, Jakarta time (UTC+7). */
    created_date: string;
    expired_date: string;
    /** ISO 8601 UTC. */
    created_date_utc: string;
    expired_date_utc: string;
  };
  additional_info?: Record<string, unknown>;
}

/** `transaction.status` for Alfa in Check Status: PENDING is the only one that is not final. */
export const CHECK_STATUS_VALUES = ["PENDING", "SUCCESS", "FAILED", "EXPIRED", "TIMEOUT"] as const;

/** DOKU's error envelope (docs/doku-api.md#error-envelope). */
export interface DokuErrorBody {
  error: { code: string; message: string; type: string };
  order?: { invoice_number: string };
}
