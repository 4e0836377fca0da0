import type { IncomingMessage } from "node:http";

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

const EMPTY = Buffer.alloc(0);

/**
 * The exact bytes of the body, read once with a size limit and a time limit. A Content-Length
 * over the limit is refused before a byte is read. The failures are named as raw-body names
 * them (`request.size.invalid`, `request.aborted`, `stream.encoding.set`). A body that arrives
 * in one chunk (DOKU's few hundred bytes) is that chunk: Node's parser copies each chunk for the
 * stream, and nobody else listens to this one.
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
  const declared =
    contentLength === undefined || Number.isNaN(Number(contentLength)) ? undefined : Number.parseInt(contentLength, 10);
  if (req.readableEncoding !== null) return Promise.resolve(failed("stream.encoding.set"));

  return new Promise((resolve) => {
    let settled = false;
    let received = 0;
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;

    function finish(result: RawBodyResult): void {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onGone);
      req.off("close", onGone);
      // Bytes still coming are not read: the answer closes the connection.
      if (!result.ok) req.pause();
      resolve(result);
    }
    function onData(chunk: Buffer): void {
      received += chunk.length;
      if (received > limit) finish(TOO_LARGE);
      else if (first === undefined) first = chunk;
      else (chunks ??= [first]).push(chunk);
    }
    function onEnd(): void {
      if (declared !== undefined && received !== declared) finish(failed("request.size.invalid"));
      else finish({ ok: true, body: chunks === undefined ? (first ?? EMPTY) : Buffer.concat(chunks, received) });
    }
    const onError = () => finish(failed("stream error"));
    // Node says `aborted` before the `error` and `close` of a sender gone mid-body.
    const onGone = () => finish(failed("request.aborted"));
    const deadline = setTimeout(
      () =>
        finish({ ok: false, reason: "body_read_timeout", detail: `the body did not arrive within ${timeoutMs} ms` }),
      timeoutMs,
    );
    // Whatever waits on the body (the socket) keeps the process alive by itself.
    deadline.unref();
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onGone);
    req.on("close", onGone);
  });
}
