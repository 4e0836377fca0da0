import type { Answer } from "../../http/answer";

// Layout: `status (uint16) | headers length (uint32) | headers (UTF-8) | body bytes`, the headers
// as `name NUL value NUL name NUL value`: NUL is the one character no header can hold
// (Node refuses to write it), so nothing needs escaping.
const HEAD = 6;
const SEPARATOR = "\0";

/** An answer laid out for writing: its headers as one string, and the bytes it takes in all. */
export interface EncodedAnswer {
  readonly answer: Answer;
  readonly headers: string;
  readonly headerBytes: number;
  readonly length: number;
}

export function encodeAnswer(answer: Answer): EncodedAnswer {
  let headers = "";
  for (const name in answer.headers) {
    const value = answer.headers[name] as string;
    if (name.includes(SEPARATOR) || value.includes(SEPARATOR)) {
      throw new TypeError(
        `an answer's header cannot hold a NUL character (${JSON.stringify(name)}): HTTP cannot send it`,
      );
    }
    headers += headers === "" ? name + SEPARATOR + value : SEPARATOR + name + SEPARATOR + value;
  }
  const headerBytes = Buffer.byteLength(headers, "utf8");
  return { answer, headers, headerBytes, length: HEAD + headerBytes + answer.body.length };
}

/** Writes the answer's bytes at `offset` of `into`, which has room for `encoded.length` of them. */
export function writeEncodedAnswer(encoded: EncodedAnswer, into: Buffer, offset: number): void {
  into.writeUInt16BE(encoded.answer.statusCode, offset);
  into.writeUInt32BE(encoded.headerBytes, offset + 2);
  into.write(encoded.headers, offset + HEAD, "utf8");
  encoded.answer.body.copy(into, offset + HEAD + encoded.headerBytes);
}

/** The answer written at `offset`, as a fresh copy: never a view of the bytes it came from. */
export function decodeAnswer(from: Buffer, offset: number, length: number): Answer {
  const bodyStart = offset + HEAD + from.readUInt32BE(offset + 2);
  const parts = bodyStart === offset + HEAD ? [] : from.toString("utf8", offset + HEAD, bodyStart).split(SEPARATOR);
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < parts.length; i += 2) pairs.push([parts[i] as string, parts[i + 1] as string]);
  return {
    statusCode: from.readUInt16BE(offset),
    // fromEntries: a header named `__proto__` is an own property, as JSON.parse made it.
    headers: Object.fromEntries(pairs),
    body: Buffer.from(from.subarray(bodyStart, offset + length)),
  };
}
