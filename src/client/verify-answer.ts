import type { Result } from "../result";
import type { KeyObject } from "node:crypto";
import { verifySignature } from "../signature";

export type AnswerCheck = Result;

/**
 * DOKU's signature on its answer (DOKU-API.md §2): Client-Id and Request-Id echoed, a
 * Response-Timestamp, and a signature over the path called and the answer's exact bytes. For a
 * GET, DOKU's form is unproven: the signature is taken with or without a Digest line.
 */
export function checkAnswerSignature(input: {
  headers: Headers;
  body: Buffer;
  clientId: string;
  requestId: string;
  path: string;
  key: KeyObject;
  method: string;
}): AnswerCheck {
  const clientId = input.headers.get("client-id") ?? undefined;
  const requestId = input.headers.get("request-id") ?? undefined;
  if (clientId !== undefined && clientId !== input.clientId)
    return { ok: false, reason: "client_id_mismatch", detail: `the answer's Client-Id is ${clientId}, not ${input.clientId}` };
  if (requestId !== undefined && requestId !== input.requestId)
    return { ok: false, reason: "request_id_mismatch", detail: "the answer's Request-Id does not echo the call's" };
  const keyring = new Map([[input.clientId, [input.key]]]);
  const verify = (body: Buffer | undefined) =>
    verifySignature({
      headers: {
        clientId,
        requestId,
        timestamp: input.headers.get("response-timestamp") ?? undefined,
        signature: input.headers.get("signature") ?? undefined,
      },
      body,
      requestTarget: input.path,
      keyring,
      timestampHeader: "Response-Timestamp",
      toleranceSec: false,
      nowMs: 0,
    });
  const result = verify(input.body);
  if (result.valid) return { ok: true };
  if (input.method === "GET" && result.reason === "bad_signature" && verify(undefined).valid) return { ok: true };
  return { ok: false, reason: result.reason, detail: result.detail };
}
