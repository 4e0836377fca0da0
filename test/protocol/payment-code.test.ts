import { inquiryRequestSchema, parseDokuBody, rawJsonValueAt, readPaymentCode } from "../../src/protocol";
import { buildInquiryBody } from "../../src/testing";

const bodyWithCode = (code: string) =>
  JSON.stringify(buildInquiryBody({ paymentCode: "PLACEHOLDER" })).replace('"PLACEHOLDER"', code);

describe("readPaymentCode", () => {
  it.each([
    ['"8896512345678123"', "8896512345678123"],
    ["9896512345678123", "9896512345678123"],
    ["12345678901234567890", "12345678901234567890"],
    ['"0012"', "0012"],
    ["0", "0"],
  ])("reads %s as %s", (raw, expected) => {
    const text = bodyWithCode(raw);
    expect(readPaymentCode(JSON.parse(text).online_to_offline_info.payment_code, text)).toBe(expected);
  });

  it.each([
    "1e3",
    "-5",
    "1.0",
    '"12a"',
    '"123456789012345678901"',
    "123456789012345678901",
    '""',
    "null",
    "true",
    "[1]",
    '" 12"',
  ])("refuses %s", (raw) => {
    const text = bodyWithCode(raw);
    expect(readPaymentCode(JSON.parse(text).online_to_offline_info.payment_code, text)).toBeUndefined();
  });
});

describe("rawJsonValueAt", () => {
  it("takes the last of duplicate keys, as JSON.parse does", () => {
    const text = '{"a":{"b":1},"a":{"x":"}{][","b":  98965123456781239 }}';
    expect(rawJsonValueAt(text, ["a", "b"])).toBe("98965123456781239");
  });

  it("skips nested values, strings with escapes and whitespace", () => {
    const text = ' { "z" : [ {"q":"\\"}"} , [[]] ] ,\n "a" : { "b" : "x\\\\" } } ';
    expect(rawJsonValueAt(text, ["a", "b"])).toBe('"x\\\\"');
    expect(rawJsonValueAt(text, ["a", "c"])).toBeUndefined();
    expect(rawJsonValueAt("[1]", ["a"])).toBeUndefined();
    expect(rawJsonValueAt("{}", ["a"])).toBeUndefined();
  });

  it("walks deep nesting without recursion", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    expect(rawJsonValueAt(`{"x":${deep},"a":{"b":7}}`, ["a", "b"])).toBe("7");
  });
});

describe("parseDokuBody", () => {
  it("keeps unknown fields and gives a digit string", () => {
    const text = bodyWithCode("98965123456781239").replace("{", '{"extra":{"k":1},');
    const parsed = parseDokuBody(Buffer.from(text), inquiryRequestSchema);
    expect(parsed).toMatchObject({ ok: true, paymentCode: "98965123456781239" });
    expect(parsed.ok && parsed.value).toMatchObject({
      extra: { k: 1 },
      online_to_offline_info: { payment_code: "98965123456781239" },
    });
  });

  it.each([
    ["not JSON", "{", "invalid_json"],
    ["deep nesting", "[".repeat(200_000), "invalid_json"],
    ["wrong channel", JSON.stringify(buildInquiryBody({ overrides: { channel: { id: "VA" } } })), "invalid_request"],
    [
      "no code",
      JSON.stringify(buildInquiryBody({ overrides: { online_to_offline_info: {} } })),
      "invalid_payment_code",
    ],
    ["a float code", bodyWithCode("1.5"), "invalid_payment_code"],
  ])("says why for %s", (_name, text, reason) => {
    expect(parseDokuBody(Buffer.from(text), inquiryRequestSchema)).toMatchObject({ ok: false, reason });
  });
});
