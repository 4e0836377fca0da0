import type { IncomingMessage } from "node:http";
import type { DeadlineList } from "../pipeline/deadline-list";

export type BodyReadFailureReason = "body_too_large" | "body_already_consumed" | "body_read_failed" | "body_read_timeout";

export type RawBodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; reason: BodyReadFailureReason; detail: string };

/** Where an upstream parser may have kept the bytes: `express.json({ verify: (req, _res, buf) => { req.rawBody = buf } })`. */
interface MaybeParsedRequest extends IncomingMessage {
  rawBody?: unknown;
}

const CONSUMED_DETAIL =
  "the request body was already read by another middleware (express.json()?) and no raw copy was kept. " +
  "Mount the DOKU router before your body parsers, or keep the bytes: " +
  "express.json({ verify: (req, _res, buf) => { req.rawBody = buf } })";

const TOO_LARGE: RawBodyResult = { ok: false, reason: "body_too_large", detail: "the body is larger than the limit" };
const CONSUMED: RawBodyResult = { ok: false, reason: "body_already_consumed", detail: CONSUMED_DETAIL };
const EMPTY = Buffer.alloc(0);

const failed = (what: string): RawBodyResult => ({ ok: false, reason: "body_read_failed", detail: `the body could not be read (${what})` });

/** What is left of a body someone else started reading: the bytes they kept, or nothing. */
function readEarlier(req: MaybeParsedRequest, limit: number): RawBodyResult {
  const kept = req.rawBody;
  const body = Buffer.isBuffer(kept) ? kept : typeof kept === "string" ? Buffer.from(kept, "utf8") : undefined;
  if (body === undefined) return CONSUMED;
  return body.length > limit ? TOO_LARGE : { ok: true, body };
}

/**
 * The exact bytes of the body, read once with a size limit and a time limit. A
 * Content-Length over the limit is refused before a byte is read. A body that arrives in one
 * chunk (the usual case for DOKU's few hundred bytes) is that chunk, not a copy.
 *
 * Touches `req` as little as it can: Express gives every request object a hidden class of
 * its own, so each property read on it is a slow lookup (about a microsecond under load).
 */
export function readRawBody(req: IncomingMessage, contentLength: string | undefined, limit: number, deadlines: DeadlineList): Promise<RawBodyResult> {
  // A stream nobody has listened to, paused or resumed is unread; anything else was read before us.
  if (req.readableFlowing !== null || !req.readable) return Promise.resolve(readEarlier(req, limit));
  const declared = contentLength === undefined ? undefined : Number(contentLength);
  if (declared !== undefined && declared > limit) return Promise.resolve(TOO_LARGE);

  return new Promise((resolve) => {
    let settled = false;
    let received = 0;
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;

    // The listeners stay: removing them costs more lookups on `req` than leaving them idle.
    function finish(result: RawBodyResult): void {
      if (settled) return;
      settled = true;
      deadline.clear();
      // Bytes still coming are not read: the answer closes the connection.
      if (!result.ok) req.pause();
      resolve(result);
    }
    function onData(chunk: Buffer | string): void {
      if (settled) return;
      if (typeof chunk === "string") return finish(failed("stream.encoding.set"));
      received += chunk.length;
      if (received > limit) finish(TOO_LARGE);
      else if (first === undefined) first = chunk;
      else (chunks ??= [first]).push(chunk);
    }
    function onEnd(): void {
      if (declared !== undefined && received !== declared) finish(failed("request.size.invalid"));
      else finish({ ok: true, body: chunks === undefined ? first ?? EMPTY : Buffer.concat(chunks, received) });
    }
    const deadline = deadlines.start(() => finish({ ok: false, reason: "body_read_timeout", detail: `the body did not arrive within ${deadlines.ms} ms` }));

    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", () => settled || finish(failed("stream error")));
    // `close` before `end`: the sender went away mid-body. (After `end` it comes with every answer.)
    req.on("close", () => settled || finish(failed("request.aborted")));
  });
}
