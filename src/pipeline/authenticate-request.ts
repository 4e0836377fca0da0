import type { KeyObject } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

import { requestTargetGuesses, type RequestUrls } from "../http/request-target";
import { readSignedHeaders } from "../http/signed-headers";
import type { Result } from "../protocol";
import { type VerifyFailureReason, type VerifyInput, verifySignature } from "../signature";
import { diagnoseMismatch } from "../signature/diagnose-mismatch";
import type { ReceiverConfig } from "./receiver-options";

/** A request whose signature verified: from here on its bytes and headers can be trusted. */
export interface AuthenticatedRequest {
  body: Buffer;
  clientId: string;
  requestId: string;
  /** base64 SHA-256 of the body: its fingerprint for replay detection. */
  digest: string;
  requestTarget: string;
  /** The secret key that verified the request; it signs the answer. */
  key: KeyObject;
}

export type AuthenticationResult = Result<{ request: AuthenticatedRequest }, VerifyFailureReason>;

/**
 * Verifies the exact bytes read: the step after reading, in both routers. `urls` describes the
 * request for the diagnosis of a bad signature, asked only then.
 */
export function authenticateRequest<Req>(
  req: Req,
  headers: IncomingHttpHeaders,
  body: Buffer,
  config: ReceiverConfig<Req>,
  urls: (req: Req) => RequestUrls,
): AuthenticationResult {
  const input: VerifyInput = {
    headers: readSignedHeaders(headers),
    body,
    requestTarget: config.requestTarget(req),
    keyring: config.keyring,
    toleranceSec: config.toleranceSec,
    nowMs: config.now(),
  };
  const verified = verifySignature(input);
  if (!verified.valid) {
    const detail =
      verified.reason === "bad_signature"
        ? `${verified.detail}; likely cause: ${diagnoseMismatch(input, requestTargetGuesses(urls(req)))}`
        : verified.detail;
    return { ok: false, reason: verified.reason, detail };
  }
  const keys = config.keyring.get(verified.clientId) as readonly KeyObject[];
  return {
    ok: true,
    request: {
      body,
      clientId: verified.clientId,
      requestId: verified.requestId,
      digest: verified.digest as string,
      requestTarget: input.requestTarget,
      key: keys[verified.keyIndex] as KeyObject,
    },
  };
}
