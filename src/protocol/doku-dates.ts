const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;

/** `yyyyMMddHHmmss` in Jakarta time (UTC+7, no daylight saving), as DOKU's `created_date`. */
export function jakartaDate(epochMs: number): string {
  return new Date(epochMs + JAKARTA_OFFSET_MS).toISOString().slice(0, 19).replace(/[-T:]/g, "");
}
