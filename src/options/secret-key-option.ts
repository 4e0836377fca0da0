import type { SecretKey } from "../signature";
import { describeValue, optionError } from "./option-error";

const UNSET = "is the variable it is read from (DOKU_SECRET_KEY?) set?";

/**
 * A secret key as DOKU's Back Office shows it: a non-empty string without whitespace at either
 * end (a pasted newline would sign with other bytes than DOKU's), or a secret KeyObject.
 * The message names the option, never the key.
 */
export function checkSecretKey(name: string, key: unknown): SecretKey {
  if (key === undefined) throw optionError(name, `is undefined: ${UNSET}`);
  if (typeof key === "string") {
    if (key === "") throw optionError(name, `is empty: ${UNSET}`);
    if (key.trim() !== key)
      throw optionError(name, "has leading or trailing whitespace; copy the key from the DOKU Back Office again");
    return key;
  }
  if (typeof key !== "object" || key === null || (key as { type?: unknown }).type !== "secret") {
    throw optionError(name, `is ${describeValue(key)}; it must be a string or a secret KeyObject`);
  }
  return key as SecretKey;
}
