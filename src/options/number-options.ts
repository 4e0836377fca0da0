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

/** The longest delay Node's timers take (about 24.8 days): a longer one fires after 1 ms instead. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A time in ms that a timer waits: above 0 and at most MAX_TIMER_MS; `fallback` when absent. */
export function timerMs(name: string, value: unknown, fallback: number): number {
  const ms = positiveNumber(name, value, fallback);
  if (ms > MAX_TIMER_MS) {
    throw optionError(name, `must be at most ${MAX_TIMER_MS} ms (about 24.8 days, what a timer can wait), got ${ms}`);
  }
  return ms;
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
