/** More than any answer of DOKU's protocol: a merchant's answer past it is cut off, never held whole. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** The body's bytes, or `undefined` once they pass `max` (the rest is not read: the stream is cancelled). */
export async function readCappedBody(response: Response, max = MAX_ANSWER_BYTES): Promise<Buffer | undefined> {
  if (response.body === null) return Buffer.alloc(0);
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
}
