// YYYY-MM-DDTHH:mm:ss, optional fraction, and a mandatory Z: the only form DOKU sends.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** Epoch milliseconds of a strict ISO 8601 UTC timestamp, or `undefined` for any other input. */
export function parseTimestamp(value: string): number | undefined {
  const m = TIMESTAMP.exec(value);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number, number, number, number, number, number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  // Date.UTC rolls 2020-02-31 over to March: a round trip rejects impossible dates.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day ||
      d.getUTCHours() !== hour || d.getUTCMinutes() !== minute || d.getUTCSeconds() !== second) {
    return undefined;
  }
  return ms + Math.floor(Number(`0.${m[7] ?? "0"}`) * 1000);
}

/** `YYYY-MM-DDTHH:mm:ssZ`, UTC, whole seconds, like DOKU's samples. */
export function formatTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19) + "Z";
}
