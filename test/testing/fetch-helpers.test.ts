import { createInquiryHandler, createNotificationHandler, type InquiryHandlerContext } from "../../src/fetch";
import { dokuInquiryRequest, dokuNotificationRequest, readDokuResponse } from "../../src/testing";

// The fetch testing kit against the real fetch handlers, called as a Next.js test calls a route handler.
const CLIENT = "MCH-TEST";
const KEY = "SK-TEST";
const clients = [{ clientId: CLIENT, secretKeys: [KEY] }];
const seen: InquiryHandlerContext[] = [];
const POST = createInquiryHandler({
  clients,
  onEvent: false,
  lookupPaymentCode: (code, ctx) => {
    seen.push(ctx);
    return code === "8896512345678123"
      ? { status: "success", order: { invoice_number: "INV-1", amount: 150_000 }, customer: { name: "Ani" } }
      : { status: "billing_not_found" };
  },
});
const paid: string[] = [];
const notify = createNotificationHandler({
  clients,
  onEvent: false,
  onPayment: (n) => void paid.push(n.order.invoice_number),
});
const known = { clientId: CLIENT, secretKey: KEY, paymentCode: "8896512345678123" };
const URL_ = "http://localhost/doku/inquiry";

describe("dokuInquiryRequest and readDokuResponse", () => {
  it("call a route handler with a signed Request and check its signed answer", async () => {
    const request = dokuInquiryRequest(URL_, known);
    expect(request.method).toBe("POST");
    const read = await readDokuResponse(await POST(request), { request, clientId: CLIENT, secretKey: KEY });
    expect(read.check).toEqual({ valid: true });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ online_to_offline_inquiry: { status: "success" } });
    expect(JSON.parse(read.text)).toEqual(read.body);
    expect(seen.at(-1)?.req).toBe(request);
  });

  it("sign over the URL's path, not its query string; a path alone is taken on localhost", async () => {
    for (const url of ["/doku/inquiry", "http://127.0.0.1:3000/doku/inquiry?from=test", new URL(URL_)]) {
      const request = dokuInquiryRequest(url, { ...known, paymentCode: "1" });
      const read = await readDokuResponse(await POST(request), { request, clientId: CLIENT, secretKey: KEY });
      expect([read.status, read.check]).toEqual([404, { valid: true }]);
      expect(read.body).toMatchObject({ online_to_offline_inquiry: { status: "billing_not_found" } });
    }
    expect(new URL(dokuInquiryRequest("/doku/inquiry", known).url).host).toBe("localhost");
  });

  it("send the exact bytes signed, and the requestId, timestamp and requestTarget given", async () => {
    const body = '{ "online_to_offline_inquiry" : { "payment_code": "8896512345678123" } }';
    const request = dokuInquiryRequest(URL_, { ...known, body, requestId: "req-fixed", timestamp: 0 });
    expect(request.headers.get("Request-Id")).toBe("req-fixed");
    expect(request.headers.get("Request-Timestamp")).toBe("1970-01-01T00:00:00Z");
    expect(await request.clone().text()).toBe(body);
    // A handler that signs over a path of its own (behind a rewrite): the request says the same.
    const rewritten = createInquiryHandler({
      clients,
      onEvent: false,
      requestTarget: "/public/doku/inquiry",
      lookupPaymentCode: () => ({ status: "billing_not_found" }),
    });
    const behind = dokuInquiryRequest(URL_, { ...known, requestTarget: "/public/doku/inquiry" });
    const read = await readDokuResponse(await rewritten(behind), {
      request: behind,
      requestTarget: "/public/doku/inquiry",
      clientId: CLIENT,
      secretKey: KEY,
    });
    expect([read.status, read.check]).toEqual([404, { valid: true }]);
    expect((await rewritten(dokuInquiryRequest(URL_, known))).status).toBe(401);
  });

  it("a request signed with another key gets 401", async () => {
    const request = dokuInquiryRequest(URL_, { ...known, secretKey: "SK-OTHER" });
    const read = await readDokuResponse(await POST(request), { request, clientId: CLIENT, secretKey: KEY });
    expect(read.status).toBe(401);
    expect(read.body).toMatchObject({ online_to_offline_inquiry: { status: "invalid_signature" } });
  });

  it("fails a tampered answer body, with the likely cause", async () => {
    const request = dokuInquiryRequest(URL_, known);
    const response = await POST(request);
    const text = (await response.text()).replace("Ani", "Bob");
    const tampered = new Response(text, { status: response.status, headers: response.headers });
    const read = await readDokuResponse(tampered, { request, clientId: CLIENT, secretKey: KEY });
    expect(read.check).toMatchObject({ valid: false, reason: "bad_signature" });
    expect(read.text).toBe(text);
  });

  it("fails an answer checked with another key", async () => {
    const request = dokuInquiryRequest(URL_, known);
    const read = await readDokuResponse(await POST(request), { request, clientId: CLIENT, secretKey: "SK-OTHER" });
    expect(read.check).toMatchObject({ valid: false, reason: "bad_signature" });
    expect(read.status).toBe(200);
  });

  it("fails an answer to another request (Request-Id not echoed), and one over another path", async () => {
    const request = dokuInquiryRequest(URL_, known);
    const response = await POST(request);
    const other = dokuInquiryRequest(URL_, known);
    expect(
      (await readDokuResponse(response.clone(), { request: other, clientId: CLIENT, secretKey: KEY })).check,
    ).toMatchObject({
      reason: "request_id_mismatch",
    });
    const elsewhere = { requestTarget: "/elsewhere", clientId: CLIENT, secretKey: KEY };
    expect((await readDokuResponse(response, elsewhere)).check).toMatchObject({ reason: "bad_signature" });
  });

  it("says when the Response was read already; an unsigned, non-JSON answer is a failed check", async () => {
    const response = await POST(dokuInquiryRequest(URL_, known));
    await response.text();
    await expect(
      readDokuResponse(response, { requestTarget: "/doku/inquiry", clientId: CLIENT, secretKey: KEY }),
    ).rejects.toThrow("already read");
    const page = new Response("<html>", { status: 502, headers: { "Content-Type": "text/html" } });
    const read = await readDokuResponse(page, { requestTarget: "/doku/inquiry", clientId: CLIENT, secretKey: KEY });
    expect(read).toMatchObject({ status: 502, text: "<html>", body: undefined, check: { valid: false } });
  });
});

describe("dokuNotificationRequest", () => {
  it("delivers a signed notification to onPayment", async () => {
    const request = dokuNotificationRequest("/doku/notify", {
      clientId: CLIENT,
      secretKey: KEY,
      invoiceNumber: "INV-7",
      amount: 7_000,
    });
    const read = await readDokuResponse(await notify(request), { request, clientId: CLIENT, secretKey: KEY });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ status: "OK" });
    // DOKU reads a notification's HTTP code only: its answer carries no signature to check.
    expect(read.check).toMatchObject({ valid: false, reason: "missing_header" });
    expect(paid).toEqual(["INV-7"]);
    const refused = dokuNotificationRequest("/doku/notify", {
      clientId: CLIENT,
      secretKey: "SK-OTHER",
      invoiceNumber: "INV-8",
    });
    expect((await notify(refused)).status).toBe(401);
    expect(paid).toEqual(["INV-7"]);
  });
});
