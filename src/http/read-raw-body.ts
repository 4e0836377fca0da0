import type { IncomingMessage } from "node:http";
import getRawBody from "raw-body";

export type BodyReadFailureReason = "body_too_large" | "body_already_consumed" | "body_read_failed" | "body_read_timeout";

export type RawBodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; reason: BodyReadFailureReason; detail: string };

/** Where an upstream parser may have kept the bytes: `express.json({ verify: (req, _res, buf) => { req.rawBody = buf } })`. */
interface MaybeParsedRequest extends IncomingMessage {
  rawBody?: unknown;
  _body?: unknown;
}

const CONSUMED_DETAIL =
  "the request body was already read by another middleware (express.json()?) and no raw copy was kept. " +
  "Mount the DOKU router before your body parsers, or keep the bytes: " +
  "express.json({ verify: (req, _res, buf) => { req.rawBody = buf } })";

function keptRawBody(req: MaybeParsedRequest): Buffer | undefined {
  const kept = req.rawBody;
  if (Buffer.isBuffer(kept)) return kept;
  if (typeof kept === "string") return Buffer.from(kept, "utf8");
  return undefined;
}

function alreadyConsumed(req: MaybeParsedRequest): boolean {
  return req._body === true || req.readableEnded || !req.readable;
}

function failureOf(error: unknown): RawBodyResult {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === "entity.too.large") return { ok: false, reason: "body_too_large", detail: "the body is larger than the limit" };
  return { ok: false, reason: "body_read_failed", detail: `the body could not be read (${String(type ?? "stream error")})` };
}

/**
 * The exact bytes of the body, read once with a size limit and a time limit. A
 * Content-Length over the limit is refused before a byte is read.
 */
export function readRawBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<RawBodyResult> {
  const parsedReq = req as MaybeParsedRequest;
  const kept = keptRawBody(parsedReq);
  if (kept !== undefined) {
    return Promise.resolve(kept.length > limit ? failureOf({ type: "entity.too.large" }) : { ok: true, body: kept });
  }
  if (alreadyConsumed(parsedReq)) return Promise.resolve({ ok: false, reason: "body_already_consumed", detail: CONSUMED_DETAIL });

  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve({ ok: false, reason: "body_read_timeout", detail: `the body did not arrive within ${timeoutMs} ms` }),
      timeoutMs,
    );
    getRawBody(req, { length: req.headers["content-length"], limit }, (error, body) => {
      clearTimeout(timer);
      resolve(error ? failureOf(error) : { ok: true, body });
    });
  });
}
