import type { KeyObject } from "node:crypto";
import type { ServerResponse } from "node:http";

import { digestBody, formatTimestamp, signComponents } from "../signature";

/**
 * An HTTP answer as bytes: what is written, stored for replay, and replayed byte for byte.
 * A value: never changed once made (a store may recognise one it was given before and skip
 * writing it again).
 */
export interface Answer {
  statusCode: number;
  headers: Readonly<Record<string, string>>;
  body: Buffer;
}

const JSON_TYPE = "application/json";

export function jsonAnswer(statusCode: number, body: unknown): Answer {
  return { statusCode, headers: { "Content-Type": JSON_TYPE }, body: Buffer.from(JSON.stringify(body), "utf8") };
}

export interface AnswerSigning {
  clientId: string;
  requestId: string;
  requestTarget: string;
  key: KeyObject;
  nowMs: number;
}

/** A JSON answer signed over the exact bytes that will be written. */
export function signedJsonAnswer(statusCode: number, body: unknown, signing: AnswerSigning): Answer {
  return signedAnswer(statusCode, Buffer.from(JSON.stringify(body), "utf8"), signing);
}

/** These exact JSON bytes, signed: for answers whose bytes were made (or stored) before. */
export function signedAnswer(statusCode: number, bytes: Buffer, signing: AnswerSigning): Answer {
  const timestamp = formatTimestamp(signing.nowMs);
  const signature = signComponents(
    {
      clientId: signing.clientId,
      requestId: signing.requestId,
      timestamp,
      timestampHeader: "Response-Timestamp",
      requestTarget: signing.requestTarget,
      digest: digestBody(bytes),
    },
    signing.key,
  );
  return {
    statusCode,
    headers: {
      "Client-Id": signing.clientId,
      "Request-Id": signing.requestId,
      "Response-Timestamp": timestamp,
      Signature: signature,
      "Content-Type": JSON_TYPE,
      // The signature covers these bytes: a compression middleware must leave them as they are.
      "Cache-Control": "no-transform",
    },
    body: bytes,
  };
}

/**
 * Writes the bytes as they are (never `res.json`: app JSON settings would change the signed
 * bytes). `closeConnection` for answers sent before the request body was read.
 */
export function writeAnswer(res: ServerResponse, answer: Answer, closeConnection = false): void {
  const headers: string[] = [];
  for (const name in answer.headers) headers.push(name, answer.headers[name] as string);
  headers.push("Content-Length", String(answer.body.length));
  if (closeConnection) headers.push("Connection", "close");
  try {
    res.writeHead(answer.statusCode, headers);
  } catch (error) {
    // Something answered while we worked (a timeout middleware?): that answer stands.
    // Asked only here, as every property read on an Express `res` is a slow lookup.
    if (res.headersSent) return;
    throw error;
  }
  res.end(answer.body);
}
