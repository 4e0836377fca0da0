import { isUtf8 } from "node:buffer";

import type { z } from "zod";

import { duplicateKeyIn } from "./duplicate-key";
import { formatZodIssues } from "./format-zod-issues";
import { isRecord } from "./is-record";
import { PAYMENT_CODE_PATH, readPaymentCode } from "./payment-code";
import type { Result } from "./result";

export type BodyParseFailureReason =
  "invalid_encoding" | "invalid_json" | "duplicate_key" | "invalid_request" | "invalid_payment_code";

/** Either way, the payment code where one could be read: a refusal names it in the answer. */
export type BodyParseResult<T> = Result<
  { value: T; paymentCode: string | undefined },
  BodyParseFailureReason,
  { paymentCode: string | undefined }
>;

/**
 * Puts the lossless payment code in place of what JSON.parse made of it, so that schemas
 * see a string of digits; returns it (or `undefined` when absent or not 1 to 20 digits).
 */
function normalisePaymentCode(json: unknown, text: string): string | undefined {
  const [infoKey, codeKey] = PAYMENT_CODE_PATH;
  const info = isRecord(json) ? json[infoKey] : undefined;
  if (!isRecord(info) || !Object.hasOwn(info, codeKey)) return undefined;
  const code = readPaymentCode(info[codeKey], text);
  if (code !== undefined) info[codeKey] = code;
  return code;
}

/**
 * UTF-8 -> JSON without duplicate keys -> lossless payment code -> schema, for the inquiry and
 * the notification alike. Returns a reason for anything the sender got wrong; never throws on
 * the body. Bytes that are not UTF-8 are refused, never decoded with replacement characters:
 * what the merchant sees is what DOKU signed.
 */
export function parseDokuBody<S extends z.ZodType>(body: Buffer, schema: S): BodyParseResult<z.output<S>> {
  if (!isUtf8(body))
    return {
      ok: false,
      reason: "invalid_encoding",
      detail: "the body is not valid UTF-8 (JSON must be)",
      paymentCode: undefined,
    };
  const text = body.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "invalid_json", detail: "the body is not valid JSON", paymentCode: undefined };
  }
  const duplicate = duplicateKeyIn(text);
  if (duplicate !== undefined) {
    return {
      ok: false,
      reason: "duplicate_key",
      detail: `the key ${JSON.stringify(duplicate).slice(0, 66)} appears twice in one object: refused, so that no two readers see two values`,
      paymentCode: undefined,
    };
  }
  const paymentCode = normalisePaymentCode(json, text);
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data, paymentCode };
  const codeIssue = parsed.error.issues.some((i) => i.path.join(".") === PAYMENT_CODE_PATH.join("."));
  return {
    ok: false,
    reason: codeIssue ? "invalid_payment_code" : "invalid_request",
    detail: formatZodIssues(parsed.error, { max: 3 }),
    paymentCode,
  };
}
