import request from "supertest";

import { type InquiryRouterOptions, type ResolverResult } from "../../src";
import { buildInquiryBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";
import { inquirySetup, signerFor } from "../support/routers";
import { CLIENT_ID, SECRET, vector } from "../support/vectors";

const PATH = "/payments/doku/inquiry";

const setup = (result: ResolverResult | (() => unknown), extra: Partial<InquiryRouterOptions> = {}) =>
  inquirySetup(PATH, typeof result === "function" ? result : () => result, extra);
const sign = signerFor(PATH);
function send(app: Parameters<typeof request>[0], body: string | object, requestId?: string) {
  const signed = sign(body, { requestId });
  return request(app).post(PATH).set(signed.headers).send(signed.body);
}

describe("inquiry answers", () => {
  it("answers the v1 request with exactly the v2 bytes and signature", async () => {
    const v1 = vector("v1-");
    const v2 = vector("v2-");
    const { app, calls } = setup(
      {
        status: "success",
        order: { invoice_number: "MINV20201231468", amount: 150000 },
        info: "Thanks for shopping",
        customer: { name: "Taufik Ismail", email: "taufik@doku.com" },
      },
      { now: () => Date.parse(v2.inputs.timestamp), timestampToleranceSec: false },
    );
    const v1Headers = (vector("v1-") as unknown as { headers_to_send: Record<string, string> }).headers_to_send;
    const res = await request(app)
      .post(PATH)
      .set(v1Headers)
      .send(v1.inputs.body_raw_utf8 as string);
    expect(res.status).toBe(200);
    expect(res.text).toBe(v2.inputs.body_raw_utf8);
    expect(res.headers["content-length"]).toBe(String(v2.inputs.body_byte_length));
    expect(res.headers["signature"]).toBe(v2.expected.signature_header_value);
    expect(res.headers["response-timestamp"]).toBe(v2.inputs.timestamp);
    expect(res.headers["client-id"]).toBe(CLIENT_ID);
    expect(res.headers["request-id"]).toBe(v1.inputs.request_id);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(calls).toEqual(["8896512345678123"]);
  });

  it("answers billing_not_found with exactly the v2b bytes and a 404", async () => {
    const v2b = vector("v2b");
    const { app } = setup(
      { status: "billing_not_found" },
      { now: () => Date.parse(v2b.inputs.timestamp), timestampToleranceSec: false },
    );
    const v1Headers = (vector("v1-") as unknown as { headers_to_send: Record<string, string> }).headers_to_send;
    const res = await request(app)
      .post(PATH)
      .set(v1Headers)
      .send(vector("v1-").inputs.body_raw_utf8 as string);
    expect(res.status).toBe(404);
    expect(res.text).toBe(v2b.inputs.body_raw_utf8);
    expect(res.headers["signature"]).toBe(v2b.expected.signature_header_value);
  });

  it("signs non-ASCII answers over their UTF-8 bytes (v6)", async () => {
    const v6 = vector("v6");
    const body = JSON.parse(v6.inputs.body_raw_utf8 as string);
    const { app } = setup(
      { status: "success", order: body.order, info: body.online_to_offline_info.info, customer: body.customer },
      { now: () => Date.parse(v6.inputs.timestamp) },
    );
    const signed = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: PATH,
      requestId: v6.inputs.request_id,
      timestamp: v6.inputs.timestamp,
      body: buildInquiryBody({ paymentCode: "8896512345678124" }),
    });
    const res = await request(app).post(PATH).set(signed.headers).send(signed.body.toString());
    expect(res.text).toBe(v6.inputs.body_raw_utf8);
    expect(res.headers["content-length"]).toBe(String(v6.inputs.body_byte_length));
    expect(res.headers["signature"]).toBe(v6.expected.signature_header_value);
  });

  it.each([
    ["decline", 400],
    ["billing_already_paid", 400],
    ["billing_was_expired", 400],
    ["billing_not_found", 404],
  ] as const)("maps %s to HTTP %i, signed, with the payment code", async (status, code) => {
    const { app, log } = setup({ status, order: { invoice_number: "INV-1", amount: 5000 } });
    const res = await send(app, buildInquiryBody({ paymentCode: "123" }));
    expect(res.status).toBe(code);
    expect(res.body).toEqual({
      order: { invoice_number: "INV-1", amount: 5000 },
      online_to_offline_info: { payment_code: "123" },
      online_to_offline_inquiry: { status },
    });
    expect(
      verifyDokuResponse({
        headers: res.headers,
        body: res.text,
        clientId: CLIENT_ID,
        secretKey: SECRET,
        requestTarget: PATH,
      }),
    ).toEqual({ valid: true });
    expect(log.last()).toMatchObject({
      router: "inquiry",
      reason: "resolved",
      inquiryStatus: status,
      statusCode: code,
      level: "info",
    });
    expect(log.last().detail).toContain(`lookupPaymentCode answered ${status}`);
  });

  it("gives every answer a detail, a replayed one too", async () => {
    const { app, log } = setup({
      status: "success",
      order: { invoice_number: "INV-D", amount: 5 },
      customer: { name: "A" },
    });
    await send(app, buildInquiryBody(), "rid-d").expect(200);
    await send(app, buildInquiryBody(), "rid-d").expect(200);
    expect(log.events.map((e) => [e.reason, e.replayed, e.detail])).toEqual([
      ["resolved", false, "lookupPaymentCode answered success: the customer can pay"],
      ["resolved", true, "a repeat of an answered Request-Id: the stored answer was sent again"],
    ]);
  });

  it("passes additional_info and alfa_info through, and sends info1 on request", async () => {
    const { app } = setup(
      {
        status: "success",
        order: { invoice_number: "INV-2", amount: 1 },
        customer: { name: "A" },
        info: "Toko",
        additional_info: { insurance_info: { code: "X" } },
        alfa_info: { receipt: { footer_message: "Terima kasih" } },
      },
      { emitInfo1: true },
    );
    const res = await send(app, buildInquiryBody({ paymentCode: "1" }));
    expect(res.status).toBe(200);
    expect(res.body.online_to_offline_info).toEqual({ payment_code: "1", info: "Toko", info1: "Toko" });
    expect(res.body.additional_info).toEqual({ insurance_info: { code: "X" } });
    expect(res.body.alfa_info).toEqual({ receipt: { footer_message: "Terima kasih" } });
  });

  it("is not changed by the app's JSON settings", async () => {
    const { app } = setup({
      status: "success",
      order: { invoice_number: "INV-3", amount: 10 },
      customer: { name: "B" },
    });
    app.set("json spaces", 4);
    app.set("json replacer", () => "changed");
    const res = await send(app, buildInquiryBody());
    expect(res.text).not.toContain("\n");
    expect(
      verifyDokuResponse({
        headers: res.headers,
        body: res.text,
        clientId: CLIENT_ID,
        secretKey: SECRET,
        requestTarget: PATH,
      }),
    ).toEqual({ valid: true });
  });

  it("reads a pretty-printed body over its own bytes (v1b)", async () => {
    const v1b = vector("v1b");
    const { app, calls } = setup({ status: "billing_not_found" }, { now: () => Date.parse(v1b.inputs.timestamp) });
    const signed = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: PATH,
      requestId: v1b.inputs.request_id,
      timestamp: v1b.inputs.timestamp,
      body: v1b.inputs.body_raw_utf8 as string,
    });
    expect(signed.headers.Signature).toBe(v1b.expected.signature_header_value);
    const res = await request(app)
      .post(PATH)
      .set(signed.headers)
      .send(v1b.inputs.body_raw_utf8 as string);
    expect(res.status).toBe(404);
    expect(calls).toEqual(["8896512345678123"]);
  });

  it("hands a numeric 20-digit payment code to the resolver and the answer without rounding", async () => {
    const { app, calls } = setup({ status: "billing_not_found" });
    const body = JSON.stringify(buildInquiryBody({ paymentCode: "X" })).replace('"X"', "98965123456781234567");
    const res = await send(app, body);
    expect(calls).toEqual(["98965123456781234567"]);
    expect(res.text).toContain('"payment_code":"98965123456781234567"');
  });
});
