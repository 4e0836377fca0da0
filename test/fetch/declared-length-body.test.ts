import { createInquiryHandler } from "../../src/fetch";
import { readDeclaredWebBody } from "../../src/http/read-web-body";
import { buildInquiryBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// A body whose Content-Length is within the limit is read with arrayBuffer(), never through
// request.body: a bridge such as @hono/node-server builds a whole Request and a web stream for that.
describe("a fetch body of declared length", () => {
  it("is read without touching request.body", async () => {
    const handler = createInquiryHandler({
      path: "/doku/inquiry",
      clients: CLIENTS,
      onEvent: false,
      lookupPaymentCode: () => ({ status: "billing_not_found" }),
    });
    const s = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/inquiry",
      body: buildInquiryBody({ paymentCode: "8896512345678123" }),
    });
    const headers = { ...s.headers, "Content-Length": String(Buffer.byteLength(s.body)) };
    const real = new Request("http://merchant.test/doku/inquiry", { method: "POST", headers, body: s.body });
    const guarded = new Proxy(real, {
      get(target, property) {
        if (property === "body") throw new Error("request.body was read");
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const response = await handler(guarded);
    expect(response.status).toBe(404);
    const body = Buffer.from(await response.arrayBuffer());
    const requestId = s.headers["Request-Id"];
    expect(
      verifyDokuResponse({
        headers: Object.fromEntries(response.headers),
        body,
        secretKey: SECRET,
        clientId: CLIENT_ID,
        requestId,
        requestTarget: "/doku/inquiry",
      }),
    ).toEqual({ valid: true });
  });

  it("is refused past the limit, named when it fails, and timed", async () => {
    const post = (body: string | ReadableStream) =>
      new Request("http://merchant.test/", { method: "POST", body, duplex: "half" });
    expect(await readDeclaredWebBody(post("abc"), 10, 1_000)).toEqual({ ok: true, body: Buffer.from("abc") });
    // A Request made by hand can understate its length; what was read is still measured.
    expect(await readDeclaredWebBody(post("abcdef"), 4, 1_000)).toMatchObject({ ok: false, reason: "body_too_large" });
    const broken = new ReadableStream({ pull: (c) => c.error(new Error("socket hang up")) });
    expect(await readDeclaredWebBody(post(broken), 10, 1_000)).toEqual({
      ok: false,
      reason: "body_read_failed",
      detail: "the body could not be read (socket hang up)",
    });
    const never = new ReadableStream({ pull: () => new Promise(() => undefined) });
    expect(await readDeclaredWebBody(post(never), 10, 20)).toEqual({
      ok: false,
      reason: "body_read_timeout",
      detail: "the body did not arrive within 20 ms",
    });
  });

  const handler = createInquiryHandler({
    path: "/doku/inquiry",
    clients: CLIENTS,
    onEvent: false,
    lookupPaymentCode: () => ({ status: "billing_not_found" }),
  });
  const signed = (contentLength: string, body: string | ReadableStream) => {
    const s = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: "/doku/inquiry", body: "{}" });
    const headers = { ...s.headers, "Content-Length": contentLength };
    return new Request("http://merchant.test/doku/inquiry", { method: "POST", headers, body, duplex: "half" });
  };

  it.each(["+5", "0x10", "5.0", "1e2", "-1"])(
    "takes the bounded stream for a Content-Length of %j: an endless body is cut at the limit, not read whole",
    async (contentLength) => {
      const endless = new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(16 * 1024)) });
      const response = await handler(signed(contentLength, endless));
      expect(response.status).toBe(413);
    },
  );

  it("answers a body the merchant's own reader locked as already consumed, not as a bad request", async () => {
    const request = signed("2", "{}");
    request.body?.getReader();
    const response = await handler(request);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: "body_already_consumed" });
  });
});
