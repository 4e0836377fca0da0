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

/** The start of a body that is not the JSON expected, on one line: what came instead. */
export const bodyPreview = (bytes: Buffer): string => bytes.toString("utf8").slice(0, 60).replace(/\s+/g, " ");
