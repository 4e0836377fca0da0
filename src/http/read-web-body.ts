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
    const deadline = setTimeout(
      () =>
        finish({ ok: false, reason: "body_read_timeout", detail: `the body did not arrive within ${timeoutMs} ms` }),
      timeoutMs,
    );
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
      const what = error instanceof Error ? error.message : "stream error";
      finish({ ok: false, reason: "body_read_failed", detail: `the body could not be read (${what})` });
    }
    reader.read().then(next, failed);
  });
}
