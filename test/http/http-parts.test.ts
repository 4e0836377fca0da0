import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import express, { type Request } from "express";
import type { Answer } from "../../src/answer";
import { writeAnswer } from "../../src/http/answer";
import { readRawBody } from "../../src/http/read-raw-body";
import { listen } from "../support/http";
import { pathOf, requestTargetGuesses } from "../../src/http/request-target";
import { readSignedHeaders } from "../../src/http/signed-headers";

function stream(headers: Record<string, string> = {}, extra: Record<string, unknown> = {}): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }, extra) as unknown as PassThrough & IncomingMessage;
}

describe("the path of a request URL", () => {
  it.each([
    ["/doku/inquiry", "/doku/inquiry"],
    ["/doku/inquiry?x=1&y=/z", "/doku/inquiry"],
    ["/a%2Fb/?q", "/a%2Fb/"],
    ["http://shop.example/doku/inquiry?x=1", "/doku/inquiry"],
    ["https://shop.example:8443/doku/", "/doku/"],
    ["http://shop.example", "/"],
    ["http://shop.example?x=1", "/"],
    ["*", "*"],
  ])("%s -> %s", (url, path) => {
    expect(pathOf(url)).toBe(path);
  });
});

describe("what a misconfigured sender would have signed", () => {
  const guesses = (originalUrl: string, url = originalUrl) => requestTargetGuesses({ originalUrl, url, headers: {} } as unknown as Request);

  it("offers the path without the mount prefix and with the other trailing slash, first", () => {
    expect(
      guesses("/pay/doku/inquiry", "/doku/inquiry")
        .slice(0, 2)
        .map((g) => g.requestTarget),
    ).toEqual(["/doku/inquiry", "/pay/doku/inquiry/"]);
    expect(
      guesses("/doku/inquiry/")
        .slice(0, 2)
        .map((g) => g.requestTarget),
    ).toEqual(["/doku/inquiry/", "/doku/inquiry"]);
    expect(guesses("/doku/inquiry")[1]?.cause).toBe(
      "the signature covers the path with a different trailing slash than the URL called: check the URL configured at DOKU",
    );
  });

  it("offers the path with its query string only when there is one", () => {
    expect(guesses("/doku/inquiry").some((g) => g.requestTarget.includes("?"))).toBe(false);
    const withQuery = guesses("/doku/inquiry?x=1");
    expect(withQuery[2]).toEqual({
      requestTarget: "/doku/inquiry?x=1",
      cause: "the signature covers the query string too; DOKU signs the path only: set requestTarget if your sender differs",
    });
    expect(guesses("http://shop.example/doku?x=1")[2]?.requestTarget).toBe("/doku?x=1");
  });

  it("offers other letter cases, a proxy's prefix, a rewritten path and the host", () => {
    const req = {
      originalUrl: "/Doku/Inquiry",
      url: "/Doku/Inquiry",
      headers: { host: "shop.example", "x-forwarded-prefix": "/shop/", "x-original-uri": "/old/doku/inquiry?x=1" },
    } as unknown as Request;
    const targets = requestTargetGuesses(req).map((g) => g.requestTarget);
    expect(targets).toEqual(
      expect.arrayContaining([
        "/doku/inquiry",
        "/DOKU/INQUIRY",
        "/shop/Doku/Inquiry",
        "/api/Doku/Inquiry",
        "/old/doku/inquiry",
        "https://shop.example/Doku/Inquiry",
        "shop.example/Doku/Inquiry",
      ]),
    );
    const prefix = requestTargetGuesses(req).find((g) => g.requestTarget === "/shop/Doku/Inquiry");
    expect(prefix?.cause).toBe(
      'the signature covers /shop/Doku/Inquiry: a proxy strips /shop before this server: set requestTarget: "/shop/Doku/Inquiry"',
    );
    expect(new Set(targets).size).toBe(targets.length);
  });
});

describe("the signature headers", () => {
  it("joins a repeated header the way Node does, so that it never verifies", () => {
    expect(readSignedHeaders({ "client-id": ["A", "B"], "request-id": "R" })).toEqual({
      clientId: "A, B",
      requestId: "R",
      timestamp: undefined,
      signature: undefined,
    });
  });
});

describe("reading the raw body", () => {
  const read = (req: IncomingMessage, limit = 10, timeoutMs = 1_000) => readRawBody(req, req.headers["content-length"], limit, timeoutMs);
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
    expect(await reading).toEqual({ ok: false, reason: "body_read_failed", detail: "the body could not be read (stream error)" });
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
    expect(await readingGone).toEqual({ ok: false, reason: "body_read_failed", detail: "the body could not be read (request.aborted)" });
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

describe("writing an answer", () => {
  const answer = (headers: Record<string, string>): Answer => ({ statusCode: 200, headers, body: Buffer.from("{}") });

  it("writes the status, the headers, the exact bytes and their length, and keeps the connection", async () => {
    const app = express();
    app.use((_req, res) =>
      writeAnswer(res, { statusCode: 201, headers: { "Content-Type": "application/json", "X-Doku": "yes" }, body: Buffer.from('{"é":1}') }),
    );
    const server = await listen(app);
    try {
      const res = await fetch(`${server.url}/`);
      expect(res.status).toBe(201);
      expect(res.headers.get("x-doku")).toBe("yes");
      expect(res.headers.get("content-length")).toBe("8"); // é is two bytes
      expect(res.headers.get("connection")).not.toBe("close");
      expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from('{"é":1}'));
    } finally {
      await server.close();
    }
  });

  it("leaves an answer someone else already sent, and throws for a header Node refuses", async () => {
    const outcomes: string[] = [];
    const app = express();
    app.use((_req, res) => {
      res.status(503).send("busy");
      writeAnswer(res, answer({ "Content-Type": "application/json" }));
      outcomes.push("kept");
    });
    const server = await listen(app);
    try {
      const first = await fetch(`${server.url}/`);
      expect([first.status, await first.text()]).toEqual([503, "busy"]);
    } finally {
      await server.close();
    }
    const bad = express();
    bad.use((_req, res) => {
      try {
        writeAnswer(res, answer({ "X-Bad": "line\nbreak" }));
      } catch (error) {
        outcomes.push((error as { code?: string }).code ?? "threw");
        res.status(500).end();
      }
    });
    const badServer = await listen(bad);
    try {
      expect((await fetch(`${badServer.url}/`)).status).toBe(500);
    } finally {
      await badServer.close();
    }
    expect(outcomes).toEqual(["kept", "ERR_INVALID_CHAR"]);
  });
});
