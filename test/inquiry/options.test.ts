import { createInquiryRouter, createNotificationRouter, type InquiryRouterOptions } from "../../src";
import { CLIENTS } from "../support/vectors";

const valid: InquiryRouterOptions = { path: "/doku/inquiry", clients: CLIENTS, lookupPaymentCode: () => ({ status: "billing_not_found" }) };

describe("options are checked when the router is created", () => {
  it.each([
    ["options", null, /options must be an object/],
    ["path", { path: "doku" }, /`path`/],
    ["clients", { clients: [] }, /`clients`/],
    ["clients entry", { clients: [null] }, /`clients\[0\]`/],
    ["clientId", { clients: [{ clientId: "", secretKeys: ["k"] }] }, /`clients\[0\]\.clientId`/],
    ["a repeated clientId", { clients: [{ clientId: "A", secretKeys: ["k"] }, { clientId: "A", secretKeys: ["j"] }] }, /repeats A/],
    ["secretKeys", { clients: [{ clientId: "A", secretKeys: [] }] }, /`clients\[0\]\.secretKeys`/],
    ["an empty secret", { clients: [{ clientId: "A", secretKeys: [""] }] }, /secretKeys\[0\]` is empty/],
    ["a secret with whitespace", { clients: [{ clientId: "A", secretKeys: ["SK-1\n"] }] }, /whitespace/],
    ["a secret of the wrong type", { clients: [{ clientId: "A", secretKeys: [42] }] }, /string or a secret KeyObject/],
    ["lookupPaymentCode", { lookupPaymentCode: "nope" }, /`lookupPaymentCode`/],
    ["timeoutMs", { timeoutMs: -1 }, /`timeoutMs`/],
    ["limit", { limit: "64kb" }, /`limit`/],
    ["bodyTimeoutMs", { bodyTimeoutMs: 0 }, /`bodyTimeoutMs`/],
    ["timestampToleranceSec", { timestampToleranceSec: "300" }, /`timestampToleranceSec`/],
    ["requestTarget", { requestTarget: "doku" }, /`requestTarget`/],
    ["requestTarget type", { requestTarget: 5 }, /`requestTarget`/],
    ["store", { store: {} }, /`store`/],
    ["onEvent", { onEvent: "log" }, /`onEvent`/],
    ["now", { now: 5 }, /`now`/],
  ])("throws a TypeError naming %s", (_name, change, message) => {
    const options = change === null ? null : { ...valid, ...change };
    expect(() => createInquiryRouter(options as InquiryRouterOptions)).toThrow(TypeError);
    expect(() => createInquiryRouter(options as InquiryRouterOptions)).toThrow(message);
  });

  it("never puts a secret in the message", () => {
    try {
      createInquiryRouter({ ...valid, clients: [{ clientId: "A", secretKeys: [" SK-SECRET-VALUE "] }] });
    } catch (error) {
      expect(String(error)).not.toContain("SK-SECRET-VALUE");
    }
    expect.assertions(1);
  });

  it("checks the notification router's own options", () => {
    expect(() => createNotificationRouter({ path: "/n", clients: CLIENTS } as never)).toThrow(/`onPayment`/);
    expect(() => createNotificationRouter({ path: "/n", clients: CLIENTS, onPayment: () => {}, retentionMs: 0 })).toThrow(/`retentionMs`/);
  });
});
