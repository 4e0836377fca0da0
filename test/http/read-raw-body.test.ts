import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";

import { readRawBody } from "../../src/http/read-raw-body";

function stream(
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }, extra) as unknown as PassThrough & IncomingMessage;
}

describe("reading the raw body", () => {
  const read = (req: IncomingMessage, limit = 10, timeoutMs = 1_000) =>
    readRawBody(req, req.headers["content-length"], limit, timeoutMs);
  /** A stream an upstream parser read to the end, keeping `rawBody` or not. */
  async function consumed(extra: Record<string, unknown> = {}) {
    const req = stream({}, extra);
    req.resume();
    req.end(Buffer.from("{}"));
    await new Promise((resolve) => req.once("end", resolve));
    return req;
  }

  it("reads the bytes of a stream", async () => {
    const req = stream({ "content-length": "5" });
    const reading = read(req);
    req.end(Buffer.from("hello"));
    expect(await reading).toEqual({ ok: true, body: Buffer.from("hello") });
  });

  it("joins a body that arrives in several chunks, and reads an empty one", async () => {
    const req = stream({ "content-length": "6" });
    const reading = read(req);
    req.write(Buffer.from("abc"));
    await new Promise((resolve) => setImmediate(resolve));
    req.end(Buffer.from("def"));
    expect(await reading).toEqual({ ok: true, body: Buffer.from("abcdef") });
    const empty = stream({ "content-length": "0" });
    const readingEmpty = read(empty);
    empty.end();
    expect(await readingEmpty).toEqual({ ok: true, body: Buffer.alloc(0) });
  });

  it("reads a body of exactly the limit, with or without a Content-Length", async () => {
    const declared = stream({ "content-length": "4" });
    const readingDeclared = read(declared, 4);
    declared.end(Buffer.from("abcd"));
    expect(await readingDeclared).toEqual({ ok: true, body: Buffer.from("abcd") });
    const chunked = stream();
    const readingChunked = read(chunked, 4);
    chunked.write(Buffer.from("ab"));
    chunked.end(Buffer.from("cd"));
    expect(await readingChunked).toEqual({ ok: true, body: Buffer.from("abcd") });
  });

  it("takes a body an upstream parser kept as a Buffer or a string, within the limit", async () => {
    const kept = Buffer.from("{}");
    expect(await read(await consumed({ rawBody: kept }), 2)).toEqual({ ok: true, body: kept });
    expect(await read(await consumed({ rawBody: "é" }), 2)).toEqual({ ok: true, body: Buffer.from("é", "utf8") });
    expect(await read(await consumed({ rawBody: "abc" }), 2)).toEqual({
      ok: false,
      reason: "body_too_large",
      detail: "the body is larger than the limit",
    });
  });

  it("says the body was already consumed when a parser read it and kept nothing usable", async () => {
    for (const req of [await consumed(), await consumed({ rawBody: { parsed: true } })]) {
      const result = await read(req);
      expect(result).toMatchObject({ ok: false, reason: "body_already_consumed" });
      expect(result.ok === false && result.detail).toMatch(/Mount the DOKU router before your body parsers/);
    }
  });

  it.each([
    ["paused", (req: PassThrough) => req.pause()],
    ["listened to", (req: PassThrough) => req.on("data", () => undefined)],
    ["destroyed", (req: PassThrough) => req.destroy()],
  ])("counts a stream someone %s as read before", async (_name, touch) => {
    const req = stream();
    touch(req);
    expect(await read(req)).toMatchObject({ ok: false, reason: "body_already_consumed" });
  });

  it("names a stream error, a short body, a text stream and a sender that went away", async () => {
    const broken = stream({ "content-length": "10" });
    const reading = read(broken, 100);
    broken.emit("error", new Error("socket hang up"));
    expect(await reading).toEqual({
      ok: false,
      reason: "body_read_failed",
      detail: "the body could not be read (stream error)",
    });
    const short = stream({ "content-length": "10" });
    const readingShort = read(short, 100);
    short.end(Buffer.from("abc"));
    expect(await readingShort).toEqual({
      ok: false,
      reason: "body_read_failed",
      detail: "the body could not be read (request.size.invalid)",
    });
    const text = stream();
    text.setEncoding("utf8");
    const readingText = read(text);
    text.end("{}");
    expect(await readingText).toEqual({
      ok: false,
      reason: "body_read_failed",
      detail: "the body could not be read (stream.encoding.set)",
    });
    const gone = stream({ "content-length": "10" });
    const readingGone = read(gone, 100);
    gone.destroy();
    expect(await readingGone).toEqual({
      ok: false,
      reason: "body_read_failed",
      detail: "the body could not be read (request.aborted)",
    });
  });

  it("stops at the limit, and leaves the rest of the stream unread", async () => {
    const req = stream();
    const reading = read(req, 4);
    req.write(Buffer.from("abc"));
    req.write(Buffer.from("def"));
    expect(await reading).toEqual({ ok: false, reason: "body_too_large", detail: "the body is larger than the limit" });
    expect(req.isPaused()).toBe(true);
  });

  it("ignores bytes that come after it gave up", async () => {
    const req = stream();
    const reading = read(req, 2);
    req.write(Buffer.from("abc"));
    expect(await reading).toMatchObject({ ok: false, reason: "body_too_large" });
    req.resume();
    req.end(Buffer.from("more"));
    await new Promise((resolve) => req.once("end", resolve));
    expect(await reading).toMatchObject({ ok: false, reason: "body_too_large" });
  });

  it("refuses a declared length over the limit and names the time limit", async () => {
    expect(await read(stream({ "content-length": "11" }))).toEqual({
      ok: false,
      reason: "body_too_large",
      detail: "the body is larger than the limit",
    });
    expect(await read(stream({ "content-length": "3" }), 10, 20)).toEqual({
      ok: false,
      reason: "body_read_timeout",
      detail: "the body did not arrive within 20 ms",
    });
  });
});
