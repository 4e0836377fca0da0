import { isRecord } from "./is-record";

/** The bytes as a JSON object, or `undefined`: not JSON, or JSON of another kind (an array, null, a number). */
export function parseJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(bytes.toString("utf8"));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** What JSON the bytes hold, for a message ("an object", "an array", "null", …), or `undefined`: not JSON. */
export function jsonKindOf(bytes: Buffer): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
  if (parsed === null) return "null";
  if (Array.isArray(parsed)) return "an array";
  return typeof parsed === "object" ? "an object" : `a ${typeof parsed}`;
}

/** The start of a body that is not the JSON expected, on one line: what came instead. */
export const bodyPreview = (bytes: Buffer): string => bytes.toString("utf8").slice(0, 60).replace(/\s+/g, " ");
