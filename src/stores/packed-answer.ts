import type { Answer } from "../http/answer";

// `status (uint16) | header-JSON length (uint32) | header JSON (UTF-8) | body bytes`: one
// Buffer per stored answer, its bytes outside the JS heap, so that a full store costs the
// garbage collector little. Small Buffers share Node's pool, so this is one copy, no malloc.
const HEAD = 6;

export function packAnswer(answer: Answer): Buffer {
  const headers = JSON.stringify(answer.headers);
  const headerBytes = Buffer.byteLength(headers, "utf8");
  const packed = Buffer.allocUnsafe(HEAD + headerBytes + answer.body.length);
  packed.writeUInt16BE(answer.statusCode, 0);
  packed.writeUInt32BE(headerBytes, 2);
  packed.write(headers, HEAD, "utf8");
  answer.body.copy(packed, HEAD + headerBytes);
  return packed;
}

export function unpackAnswer(packed: Buffer): Answer {
  const bodyStart = HEAD + packed.readUInt32BE(2);
  return {
    statusCode: packed.readUInt16BE(0),
    headers: JSON.parse(packed.toString("utf8", HEAD, bodyStart)) as Record<string, string>,
    body: Buffer.from(packed.subarray(bodyStart)),
  };
}
