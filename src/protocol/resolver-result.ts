import { z } from "zod";

import { amountSchema, customerNameSchema, emailSchema, invoiceNumberSchema, tillInfoSchema } from "./field-limits";

const orderSchema = z.object({ invoice_number: invoiceNumberSchema, amount: amountSchema });

const customerSchema = z.object({ name: customerNameSchema, email: emailSchema.optional() });

const jsonObjectSchema = z.record(z.string(), z.unknown());

/** `alfa_info.receipt.footer_message` prints on the Alfa receipt. */
const alfaInfoSchema = z.looseObject({
  receipt: z.looseObject({ footer_message: z.string().optional() }).optional(),
});

const successSchema = z.object({
  status: z.literal("success"),
  order: orderSchema,
  customer: customerSchema,
  info: tillInfoSchema.optional(),
  /** Any JSON object; DOKU relays it in the payment notification. */
  additional_info: jsonObjectSchema.optional(),
  alfa_info: alfaInfoSchema.optional(),
});

const refusalSchema = z.object({
  status: z.enum(["decline", "billing_already_paid", "billing_was_expired", "billing_not_found"]),
  order: orderSchema.optional(),
  customer: customerSchema.optional(),
  additional_info: jsonObjectSchema.optional(),
  alfa_info: alfaInfoSchema.optional(),
});

/** What `lookupPaymentCode` may return; checked before anything is signed. Compiled, as the request schema. */
export const resolverResultSchema = z.compile(z.discriminatedUnion("status", [successSchema, refusalSchema]));

/** The merchant's answer to "what is this payment code for?". */
export type ResolverResult = z.input<typeof resolverResultSchema>;
export type ValidResolverResult = z.output<typeof resolverResultSchema>;
