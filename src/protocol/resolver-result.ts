import { z } from "zod";

// Field limits from DOKU's Alfa Group table.
const orderSchema = z.object({
  invoice_number: z.string().min(1).max(64),
  /** Integer IDR; Alfa takes closed amounts only. */
  amount: z.number().int().min(1).max(999_999_999_999),
});

const customerSchema = z.object({
  name: z.string().min(1).max(64),
  email: z.string().max(128).optional(),
});

const jsonObjectSchema = z.record(z.string(), z.unknown());

/** `alfa_info.receipt.footer_message` prints on the Alfa receipt. */
const alfaInfoSchema = z.looseObject({
  receipt: z.looseObject({ footer_message: z.string().optional() }).optional(),
});

const successSchema = z.object({
  status: z.literal("success"),
  order: orderSchema,
  customer: customerSchema,
  /** Shown on the Alfa till, at most 30 characters. */
  info: z.string().max(30).optional(),
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
