import { optionError } from "./option-error";

/** A number above 0, fractions allowed (a limit in bytes, a time in ms); `fallback` when absent. */
export function positiveNumber(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    const shown = typeof value === "number" || typeof value === "string" ? value : typeof value;
    throw optionError(name, `must be a positive number, got ${shown}`);
  }
  return value;
}

/** A whole number from `min` to `max` (a count, a port, a time in ms); `fallback` when absent. */
export function wholeNumber(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw optionError(name, `must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`);
  }
  return value;
}
