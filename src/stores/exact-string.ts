/**
 * How to write a string so that reading it back gives the very same string: latin1 when
 * every code unit fits in a byte (Request-Ids, digests), UTF-16 otherwise. UTF-8 would turn
 * every lone surrogate into the same replacement character, so two keys could meet.
 */
export type ExactEncoding = "latin1" | "utf16le";

export function exactEncoding(text: string): ExactEncoding {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return "utf16le";
  return "latin1";
}

export function exactByteLength(text: string, encoding: ExactEncoding): number {
  return encoding === "latin1" ? text.length : text.length * 2;
}
