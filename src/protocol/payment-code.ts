import { PAYMENT_CODE_MAX_DIGITS } from "./field-limits";
import { rawJsonValueAt } from "./raw-json-value";

/** 1 to 20 ASCII digits: a payment code as DOKU and Alfa use it. */
export const PAYMENT_CODE_FORMAT = new RegExp(`^[0-9]{1,${PAYMENT_CODE_MAX_DIGITS}}$`);

export const PAYMENT_CODE_PATH = ["online_to_offline_info", "payment_code"] as const;

/**
 * The payment code as a string of digits, whether DOKU sent a JSON string or a JSON integer.
 * An integer is taken from the source text: JSON.parse turns 9896512345678123 into …124.
 * `1e3`, `-5`, `1.0`, letters and 21 digits are all `undefined`.
 */
export function readPaymentCode(parsed: unknown, sourceText: string): string | undefined {
  if (typeof parsed === "string") return PAYMENT_CODE_FORMAT.test(parsed) ? parsed : undefined;
  if (typeof parsed !== "number") return undefined;
  const raw = rawJsonValueAt(sourceText, PAYMENT_CODE_PATH);
  return raw !== undefined && PAYMENT_CODE_FORMAT.test(raw) ? raw : undefined;
}
