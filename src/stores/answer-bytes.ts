import type { Answer } from "../answer";

// Layout: `status (uint16) | header-JSON length (uint32) | header JSON (UTF-8) | body bytes`.
const HEAD = 6;

/** An answer laid out for writing: its header JSON, and the bytes it takes in all. */
export interface EncodedAnswer {
  readonly answer: Answer;
  readonly headers: string;
  readonly headerBytes: number;
  readonly length: number;
}

export function encodeAnswer(answer: Answer): EncodedAnswer {
  const headers = JSON.stringify(answer.headers);
  const headerBytes = Buffer.byteLength(headers, "utf8");
  return { answer, headers, headerBytes, length: HEAD + headerBytes + answer.body.length };
}

export function writeAnswer(encoded: EncodedAnswer, into: Buffer, offset: number): void {
  into.writeUInt16BE(encoded.answer.statusCode, offset);
  into.writeUInt32BE(encoded.headerBytes, offset + 2);
  into.write(encoded.headers, offset + HEAD, "utf8");
  encoded.answer.body.copy(into, offset + HEAD + encoded.headerBytes);
}

/** The answer written at `offset`, as a fresh copy: never a view of the bytes it came from. */
export function readAnswer(from: Buffer, offset: number, length: number): Answer {
  const bodyStart = offset + HEAD + from.readUInt32BE(offset + 2);
  return {
    statusCode: from.readUInt16BE(offset),
    headers: JSON.parse(from.toString("utf8", offset + HEAD, bodyStart)) as Record<string, string>,
    body: Buffer.from(from.subarray(bodyStart, offset + length)),
  };
}
