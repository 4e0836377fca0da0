import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import type { Request } from "express";
import { readRawBody } from "../../src/http/read-raw-body";
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
  const guesses = (originalUrl: string, url = originalUrl) => requestTargetGuesses({ originalUrl, url } as Request);

  it("offers the path without the mount prefix and with the other trailing slash", () => {
    expect(guesses("/pay/doku/inquiry", "/doku/inquiry").map((g) => g.requestTarget)).toEqual(["/doku/inquiry", "/pay/doku/inquiry/"]);
    expect(guesses("/doku/inquiry/").map((g) => g.requestTarget)).toEqual(["/doku/inquiry/", "/doku/inquiry"]);
    expect(guesses("/doku/inquiry")[1]?.cause).toBe(
      "the signature covers the path with a different trailing slash than the URL called: check the URL configured at DOKU",
    );
  });

  it("offers the path with its query string only when there is one", () => {
    expect(guesses("/doku/inquiry")).toHaveLength(2);
    const withQuery = guesses("/doku/inquiry?x=1");
    expect(withQuery).toHaveLength(3);
    expect(withQuery[2]).toEqual({
      requestTarget: "/doku/inquiry?x=1",
      cause: "the signature covers the query string too; DOKU signs the path only: set requestTarget if your sender differs",
    });
    expect(guesses("http://shop.example/doku?x=1")[2]?.requestTarget).toBe("/doku?x=1");
  });
});

describe("the signature headers", () => {
  it("joins a repeated header the way Node does, so that it never verifies", () => {
    expect(readSignedHeaders({ "client-id": ["A", "B"] as unknown as string, "request-id": "R" })).toEqual({
      clientId: "A, B",
      requestId: "R",
      timestamp: undefined,
      signature: undefined,
    });
  });
});

describe("reading the raw body", () => {
  it("reads the bytes of a stream", async () => {
    const req = stream({ "content-length": "5" });
    const read = readRawBody(req, 10, 1_000);
    req.end(Buffer.from("hello"));
    expect(await read).toEqual({ ok: true, body: Buffer.from("hello") });
  });

  it("takes a body an upstream parser kept as a Buffer or a string, within the limit", async () => {
    const kept = Buffer.from("{}");
    expect(await readRawBody(stream({}, { rawBody: kept }), 2, 1_000)).toEqual({ ok: true, body: kept });
    expect(await readRawBody(stream({}, { rawBody: "é" }), 2, 1_000)).toEqual({ ok: true, body: Buffer.from("é", "utf8") });
    expect(await readRawBody(stream({}, { rawBody: "abc" }), 2, 1_000)).toEqual({
      ok: false, reason: "body_too_large", detail: "the body is larger than the limit",
    });
  });

  it("ignores a rawBody that is neither bytes nor text", async () => {
    const req = stream({}, { rawBody: { parsed: true } });
    const read = readRawBody(req, 10, 1_000);
    req.end(Buffer.from("raw"));
    expect(await read).toEqual({ ok: true, body: Buffer.from("raw") });
  });

  it.each([
    ["a parser marked it read", { _body: true }],
    ["the stream has ended", { readableEnded: true }],
    ["the stream is not readable", { readable: false }],
  ])("says the body was already consumed when %s", async (_name, state) => {
    const req = stream();
    Object.defineProperties(req, Object.fromEntries(Object.entries(state).map(([k, v]) => [k, { value: v }])));
    const read = await readRawBody(req, 10, 1_000);
    expect(read).toMatchObject({ ok: false, reason: "body_already_consumed" });
    expect(read.ok === false && read.detail).toMatch(/Mount the DOKU router before your body parsers/);
  });

  it("names a stream error, and a stream error without a type", async () => {
    const req = stream({ "content-length": "10" });
    const read = readRawBody(req, 100, 1_000);
    req.destroy(new Error("socket hang up"));
    expect(await read).toEqual({ ok: false, reason: "body_read_failed", detail: "the body could not be read (stream error)" });
    const short = stream({ "content-length": "10" });
    const read2 = readRawBody(short, 100, 1_000);
    short.end(Buffer.from("abc"));
    expect(await read2).toEqual({ ok: false, reason: "body_read_failed", detail: "the body could not be read (request.size.invalid)" });
  });

  it("refuses a declared length over the limit and names the time limit", async () => {
    expect(await readRawBody(stream({ "content-length": "11" }), 10, 1_000)).toEqual({
      ok: false, reason: "body_too_large", detail: "the body is larger than the limit",
    });
    expect(await readRawBody(stream({ "content-length": "3" }), 10, 20)).toEqual({
      ok: false, reason: "body_read_timeout", detail: "the body did not arrive within 20 ms",
    });
  });
});
