import { z } from "zod";

// DOKU's field limits for Alfa Group, from its request and answer tables: one home for the
// routers' schemas, the client's checks before sending and the emulator's checks on receipt.

/** `order.invoice_number`: 1 to 64 characters. */
export const INVOICE_NUMBER_MAX_LENGTH = 64;
/** `order.amount`: whole rupiah, at most 12 digits; Alfa takes closed amounts only (above 0). */
export const AMOUNT_MAX = 999_999_999_999;
/** `online_to_offline_info.payment_code`: 1 to 20 digits. */
export const PAYMENT_CODE_MAX_DIGITS = 20;
/** `online_to_offline_info.expired_time`: minutes, at most 5 digits. */
export const EXPIRED_TIME_MAX = 99_999;
/** `online_to_offline_info.info`: shown on the Alfa till. */
export const TILL_INFO_MAX_LENGTH = 30;
/** `customer.name` in a create, a register and an inquiry answer. */
export const CUSTOMER_NAME_MAX_LENGTH = 64;
/** `customer.name` in a PATCH: DOKU's update table allows fewer characters than its create tables. */
export const CUSTOMER_NAME_MAX_LENGTH_ON_UPDATE = 40;
/** `customer.email`. */
export const EMAIL_MAX_LENGTH = 128;

export const invoiceNumberSchema = z.string().min(1).max(INVOICE_NUMBER_MAX_LENGTH);
/** Integer IDR, 1 up to 12 digits. */
export const amountSchema = z.number().int().min(1).max(AMOUNT_MAX);
export const expiredTimeSchema = z.number().int().min(1).max(EXPIRED_TIME_MAX);
/** Shown on the Alfa till, at most 30 characters. */
export const tillInfoSchema = z.string().max(TILL_INFO_MAX_LENGTH);
export const customerNameSchema = z.string().min(1).max(CUSTOMER_NAME_MAX_LENGTH);
export const customerNameOnUpdateSchema = z.string().min(1).max(CUSTOMER_NAME_MAX_LENGTH_ON_UPDATE);
export const emailSchema = z.string().max(EMAIL_MAX_LENGTH);
