import { type RawBodyResult, TOO_LARGE } from "./body-read-result";

const EMPTY: RawBodyResult = { ok: true, body: Buffer.alloc(0) };
const CONSUMED: RawBodyResult = {
  ok: false,
  reason: "body_already_consumed",
  detail:
    "the request body was already read (request.json()? request.text()?) before the DOKU handler: " +
    "hand it the untouched Request, or request.clone() before reading it yourself",
};

const ignore = () => undefined;

/** For a Request whose body was read before the handler got it. */
export const consumedWebBody = (): Promise<RawBodyResult> => Promise.resolve(CONSUMED);

const timedOut = (timeoutMs: number): RawBodyResult => ({
  ok: false,
  reason: "body_read_timeout",
  detail: `the body did not arrive within ${timeoutMs} ms`,
});

const failedRead = (error: unknown): RawBodyResult => ({
  ok: false,
  reason: "body_read_failed",
  detail: `the body could not be read (${error instanceof Error ? error.message : "stream error"})`,
});

// A body a reader of the merchant's own locked is refused before a byte is read: undici says "Body is unusable".
// Read by name: the runtime's TypeError may come from another realm than ours.
function lockedBefore(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return name === "TypeError" && typeof message === "string" && /unusable|locked/i.test(message);
}

/**
 * The body of a Request whose Content-Length is within the limit, read whole with
 * `arrayBuffer()`: this trusts the HTTP layer that framed the request to end its body at that
 * length (Node's parser does, over HTTP/1.1 and HTTP/2), so at most the limit is held. A read
 * that times out cannot be cancelled: the answer's `Connection: close` ends it with the socket.
 * Touches no `request.body`: a bridge such as @hono/node-server
 * reads the body straight from node:http for `arrayBuffer()`, where `body` makes it build a
 * web stream and a whole Request first (most of the fetch handler's cost on Node).
 */
export function readDeclaredWebBody(request: Request, limit: number, timeoutMs: number): Promise<RawBodyResult> {
  return new Promise((resolve) => {
    let settled = false;
    function finish(result: RawBodyResult): void {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    }
    const deadline = setTimeout(() => finish(timedOut(timeoutMs)), timeoutMs);
    request.arrayBuffer().then(
      (bytes) => finish(bytes.byteLength > limit ? TOO_LARGE : { ok: true, body: Buffer.from(bytes) }),
      (error: unknown) => finish(lockedBefore(error) ? CONSUMED : failedRead(error)),
    );
  });
}

/**
 * The exact bytes of a fetch `Request`'s body, with a size limit and a time limit. A
 * Content-Length over the limit is refused before a byte is read; a stream that passes the
 * limit is cancelled there, never held whole.
 */
export function readWebBody(
  stream: ReadableStream<Uint8Array> | null,
  contentLength: string | undefined,
  limit: number,
  timeoutMs: number,
): Promise<RawBodyResult> {
  if (stream === null) return Promise.resolve(EMPTY);
  if (stream.locked) return Promise.resolve(CONSUMED);
  if (contentLength !== undefined && Number(contentLength) > limit) {
    stream.cancel().catch(ignore);
    return Promise.resolve(TOO_LARGE);
  }
  const reader = stream.getReader();
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    function finish(result: RawBodyResult): void {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      // Bytes still coming are not read.
      if (!result.ok) reader.cancel().catch(ignore);
      resolve(result);
    }
    const deadline = setTimeout(() => finish(timedOut(timeoutMs)), timeoutMs);
    function next(chunk: { done: true; value?: Uint8Array } | { done: false; value: Uint8Array }): void {
      if (settled) return;
      if (chunk.done) {
        finish({ ok: true, body: Buffer.concat(chunks, size) });
        return;
      }
      size += chunk.value.byteLength;
      if (size > limit) {
        finish(TOO_LARGE);
        return;
      }
      chunks.push(chunk.value);
      reader.read().then(next, failed);
    }
    function failed(error: unknown): void {
      finish(failedRead(error));
    }
    reader.read().then(next, failed);
  });
}
