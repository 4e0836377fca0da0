import type { IncomingMessage } from "node:http";

import getRawBody from "raw-body";

import { type RawBodyResult, TOO_LARGE } from "./body-read-result";

/**
 * Where a body parser mounted before us may have left the bytes: `express.raw()` in `req.body`,
 * or a `verify` callback that kept them, `(req, _res, buf) => { req.rawBody = buf }`.
 */
interface MaybeParsedRequest extends IncomingMessage {
  rawBody?: unknown;
  body?: unknown;
}

const CONSUMED_DETAIL =
  "the request body was already read by another middleware (express.json()?) and no raw copy was kept. " +
  'Mount the DOKU router before your body parsers, read it with express.raw({ type: "*/*" }), or keep the bytes: ' +
  "express.json({ verify: (req, _res, buf) => { req.rawBody = buf } }); on NestJS, NestFactory.create(AppModule, { rawBody: true })";

const CONSUMED: RawBodyResult = { ok: false, reason: "body_already_consumed", detail: CONSUMED_DETAIL };

const failed = (what: string): RawBodyResult => ({
  ok: false,
  reason: "body_read_failed",
  detail: `the body could not be read (${what})`,
});

/** raw-body's error `type` (e.g. `entity.too.large`, `request.aborted`) as one of our outcomes. */
function fromRawBodyError(error: unknown): RawBodyResult {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === "entity.too.large") return TOO_LARGE;
  return failed(typeof type === "string" ? type : "stream error");
}

/** What is left of a body someone else read: the bytes they kept, exactly as received, or nothing. */
function readEarlier(req: MaybeParsedRequest, limit: number): RawBodyResult {
  const kept = Buffer.isBuffer(req.rawBody)
    ? req.rawBody
    : typeof req.rawBody === "string"
      ? Buffer.from(req.rawBody, "utf8")
      : req.body;
  if (!Buffer.isBuffer(kept)) return CONSUMED;
  return kept.length > limit ? TOO_LARGE : { ok: true, body: kept };
}

/**
 * The exact bytes of the body, read once by raw-body with a size limit, and with a time limit
 * of ours. A Content-Length over the limit is refused before a byte is read.
 */
export function readRawBody(
  req: IncomingMessage,
  contentLength: string | undefined,
  limit: number,
  timeoutMs: number,
): Promise<RawBodyResult> {
  // A stream nobody has listened to, paused or resumed is unread; anything else was read before us.
  if (req.readableFlowing !== null || !req.readable) return Promise.resolve(readEarlier(req, limit));
  if (contentLength !== undefined && Number(contentLength) > limit) return Promise.resolve(TOO_LARGE);

  return new Promise((resolve) => {
    let settled = false;
    function finish(result: RawBodyResult): void {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      // Bytes still coming are not read: the answer closes the connection.
      if (!result.ok) req.pause();
      resolve(result);
    }
    const deadline = setTimeout(
      () =>
        finish({ ok: false, reason: "body_read_timeout", detail: `the body did not arrive within ${timeoutMs} ms` }),
      timeoutMs,
    );
    // Whatever waits on the body (the socket) keeps the process alive by itself.
    deadline.unref();
    // raw-body drops its listeners on `close` without calling back: a sender gone mid-body ends here.
    req.once("close", () => settled || finish(failed("request.aborted")));
    getRawBody(req, { length: contentLength, limit }, (error, body) =>
      finish(error ? fromRawBodyError(error) : { ok: true, body }),
    );
  });
}
