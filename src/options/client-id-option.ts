import { optionError } from "./option-error";

/** A Client-Id from DOKU's Back Office: a string that is not blank. */
export function checkClientId(name: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    const got = value === undefined ? "undefined (is the variable set?)" : JSON.stringify(value);
    throw optionError(name, `must be a non-empty string, the Client-Id from DOKU's Back Office; got ${got}`);
  }
  return value;
}
