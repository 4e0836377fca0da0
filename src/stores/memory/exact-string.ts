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

/** The most bytes `writeExact` may write for a string of this many code units. */
export const exactWriteRoom = (length: number): number => length * 3;

/**
 * Writes `text` exactly at the start of `into` (at least `exactWriteRoom` bytes) and says how.
 * The usual key, all ASCII, takes one native pass: only ASCII writes as many UTF-8 bytes as it
 * has code units, and those bytes are its latin1 bytes.
 */
export function writeExact(text: string, into: Buffer): ExactEncoding {
  if (into.write(text, 0, "utf8") === text.length) return "latin1";
  const encoding = exactEncoding(text);
  into.write(text, 0, encoding);
  return encoding;
}
