/** How far a Request-Timestamp may be from the inquiry router's clock, both ways: its `timestampToleranceSec` default. */
export const INQUIRY_TOLERANCE_SEC = 300;

// YYYY-MM-DDTHH:mm:ss, optional fraction, and a mandatory Z: the only form DOKU sends.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/** The number written in ASCII digits from `start` to `end` (the format was checked already). */
function digitsAt(value: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + value.charCodeAt(i) - 48;
  return n;
}

/** Epoch milliseconds of a strict ISO 8601 UTC timestamp, or `undefined` for any other input. */
export function parseTimestamp(value: string): number | undefined {
  if (!TIMESTAMP.test(value)) return undefined;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  const hour = digitsAt(value, 11, 13);
  const minute = digitsAt(value, 14, 16);
  const second = digitsAt(value, 17, 19);
  // Date.UTC would roll 2020-02-31 over to March: impossible dates are refused here.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  // Milliseconds from the first three digits of the fraction (none: "…ssZ" is 20 characters).
  const fractionDigits = Math.min(3, Math.max(0, value.length - 21));
  const millis = digitsAt(value, 20, 20 + fractionDigits) * 10 ** (3 - fractionDigits);
  return Date.UTC(year, month - 1, day, hour, minute, second) + millis;
}

// UTC written otherwise than DOKU's samples (…Z): +00:00 as PHP's date('c') writes it, +0000, -00:00, a small z.
const OTHER_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(?:[+-]00:?00|z)$/;

/** Epoch milliseconds of a UTC time in one of those other forms, or `undefined` (DOKU's own form included). */
export function parseOtherUtcTimestamp(value: string): number | undefined {
  const m = OTHER_UTC.exec(value);
  return m === null ? undefined : parseTimestamp(`${m[1] as string}Z`);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

let lastSecond = Number.NaN;
let lastFormatted = "";

/** `YYYY-MM-DDTHH:mm:ssZ`, UTC, whole seconds, like DOKU's samples. */
export function formatTimestamp(epochMs: number): string {
  // Every answer in the same second carries the same value: format it once.
  const second = Math.floor(epochMs / 1000);
  if (second !== lastSecond) {
    lastFormatted = new Date(second * 1000).toISOString().slice(0, 19) + "Z";
    lastSecond = second;
  }
  return lastFormatted;
}
