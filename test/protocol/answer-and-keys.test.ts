import {
  inquiryAnswerBody,
  inquiryRequestSchema,
  notificationContentKey,
  parseDokuBody,
  paymentNotificationSchema,
  paymentReference,
} from "../../src/protocol";
import { buildInquiryBody, buildNotificationBody } from "../../src/testing";

const order = { invoice_number: "INV-1", amount: 1000 };
const customer = { name: "Ani" };

describe("the inquiry answer body", () => {
  it("holds exactly the keys it has values for, in DOKU's order", () => {
    const success = inquiryAnswerBody({ status: "success", order, customer, info: "Toko" }, "123", {
      emitInfo1: false,
    });
    expect(success).toStrictEqual({
      order,
      online_to_offline_info: { payment_code: "123", info: "Toko" },
      online_to_offline_inquiry: { status: "success" },
      customer,
      additional_info: {},
    });
    expect(Object.keys(success)).toEqual([
      "order",
      "online_to_offline_info",
      "online_to_offline_inquiry",
      "customer",
      "additional_info",
    ]);
  });

  it("leaves out what a refusal does not carry, and the code it could not read", () => {
    expect(inquiryAnswerBody({ status: "decline" }, undefined, { emitInfo1: true })).toStrictEqual({
      online_to_offline_inquiry: { status: "decline" },
    });
    expect(inquiryAnswerBody({ status: "billing_not_found" }, "42", { emitInfo1: true })).toStrictEqual({
      online_to_offline_info: { payment_code: "42" },
      online_to_offline_inquiry: { status: "billing_not_found" },
    });
  });

  it("sends info only on success, info1 beside it when asked, and every optional part given", () => {
    const alfa_info = { receipt: { footer_message: "Terima kasih" } };
    const paid = inquiryAnswerBody(
      { status: "billing_already_paid", order, customer, additional_info: { a: 1 }, alfa_info },
      "42",
      {
        emitInfo1: true,
      },
    );
    expect(paid).toStrictEqual({
      order,
      online_to_offline_info: { payment_code: "42" },
      online_to_offline_inquiry: { status: "billing_already_paid" },
      customer,
      additional_info: { a: 1 },
      alfa_info,
    });
    const success = inquiryAnswerBody({ status: "success", order, customer, info: "Toko" }, undefined, {
      emitInfo1: true,
    });
    expect(success.online_to_offline_info).toStrictEqual({ info: "Toko", info1: "Toko" });
    const noInfo = inquiryAnswerBody({ status: "success", order, customer }, undefined, { emitInfo1: true });
    expect(noInfo).not.toHaveProperty("online_to_offline_info");
  });
});

describe("parsing a DOKU body", () => {
  it("says what is wrong, field by field, at most three", () => {
    const body = Buffer.from(
      JSON.stringify({ service: { id: "X" }, acquirer: {}, channel: 5, online_to_offline_info: { payment_code: "1" } }),
    );
    const parsed = parseDokuBody(body, inquiryRequestSchema);
    expect(parsed).toMatchObject({ ok: false, reason: "invalid_request", paymentCode: "1" });
    const detail = parsed.ok ? "" : parsed.detail;
    expect(detail.split("; ")).toHaveLength(3);
    expect(detail).toMatch(/^service\.id: .+; acquirer\.id: .+; channel: .+$/);
  });

  it("names the body itself when it is not an object, and invalid JSON as such", () => {
    expect(parseDokuBody(Buffer.from("[1]"), inquiryRequestSchema)).toMatchObject({
      ok: false,
      reason: "invalid_request",
      detail: expect.stringMatching(/^\(body\): /),
    });
    expect(parseDokuBody(Buffer.from("{"), inquiryRequestSchema)).toEqual({
      ok: false,
      reason: "invalid_json",
      detail: "the body is not valid JSON",
      paymentCode: undefined,
    });
  });

  it("calls it a payment code problem when the code is among the problems", () => {
    const body = { ...buildInquiryBody(), service: { id: "X" }, online_to_offline_info: { payment_code: "12a" } };
    const parsed = parseDokuBody(Buffer.from(JSON.stringify(body)), inquiryRequestSchema);
    expect(parsed).toMatchObject({ ok: false, reason: "invalid_payment_code", paymentCode: undefined });
    expect(parsed.ok ? "" : parsed.detail).toContain("online_to_offline_info.payment_code: must be 1 to 20 digits");
  });

  it("keeps a code it could not read as it was sent, for the schema to name", () => {
    const text = JSON.stringify(buildInquiryBody()).replace('"8896512345678123"', "1e3");
    const parsed = parseDokuBody(Buffer.from(text), inquiryRequestSchema);
    expect(parsed.ok ? "" : parsed.detail).toMatch(/^online_to_offline_info\.payment_code: .*number/);
  });
});

describe("the notification's content key", () => {
  const parse = (over: Record<string, unknown>, drop: string[] = []) => {
    const body: Record<string, unknown> = {
      ...buildNotificationBody({ agentTrxId: "TRX-1", originalRequestId: "ORIG-1", date: "2024-01-01T00:00:00Z" }),
      ...over,
    };
    for (const key of drop) delete body[key];
    return paymentNotificationSchema.parse(body);
  };

  it("is the acquirer's AGENT_TRX_ID, else the original request, else the date", () => {
    expect(paymentReference(parse({}))).toBe("TRX-1");
    expect(
      paymentReference(parse({ online_to_offline_payment: { identifier: [{ name: "AGENT_ID", value: "A" }] } })),
    ).toBe("ORIG-1");
    expect(paymentReference(parse({}, ["online_to_offline_payment"]))).toBe("ORIG-1");
    expect(
      paymentReference(parse({ online_to_offline_payment: {}, transaction: { status: "SUCCESS", date: "D" } })),
    ).toBe("D");
    expect(paymentReference(parse({ online_to_offline_payment: {}, transaction: { status: "SUCCESS" } }))).toBe("");
  });

  it("is a base64url SHA-256, the same for a retry, another for another payment", () => {
    const key = notificationContentKey("C", parse({}));
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(notificationContentKey("C", parse({}))).toBe(key);
    expect(notificationContentKey("D", parse({}))).not.toBe(key);
    const withoutCode = notificationContentKey("C", parse({}, ["online_to_offline_info"]));
    expect(withoutCode).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(withoutCode).not.toBe(key);
  });
});
