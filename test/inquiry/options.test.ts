import { createSecretKey } from "node:crypto";

import { createInquiryRouter, createNotificationRouter, type InquiryRouterOptions } from "../../src";
import { CLIENTS } from "../support/vectors";

const valid: InquiryRouterOptions = {
  path: "/doku/inquiry",
  clients: CLIENTS,
  lookupPaymentCode: () => ({ status: "billing_not_found" }),
};

describe("options are checked when the router is created", () => {
  const SECRET_KEY_OBJECT = createSecretKey(Buffer.from("SK-KEYOBJECT"));
  const PUBLIC_LOOKING_KEY = { type: "public" };
  it.each([
    ["options", null, "options must be an object"],
    [
      "path",
      { path: "doku" },
      "option `path` must be a plain path starting with /, without route parameters or patterns, e.g. /doku/inquiry",
    ],
    ["path type", { path: 5 }, "option `path` must be a plain path starting with /"],
    ["path pattern", { path: "/doku/:id" }, "option `path` must be a plain path"],
    ["clients", { clients: [] }, "option `clients` must list at least one { clientId, secretKeys } entry"],
    ["clients type", { clients: "A" }, "option `clients` must list at least one { clientId, secretKeys } entry"],
    ["clients entry", { clients: [null] }, "option `clients[0]` must be an object { clientId, secretKeys }"],
    [
      "clientId",
      { clients: [{ clientId: "", secretKeys: ["k"] }] },
      "option `clients[0].clientId` must be a non-empty string",
    ],
    [
      "a blank clientId",
      { clients: [{ clientId: "  ", secretKeys: ["k"] }] },
      "option `clients[0].clientId` must be a non-empty string",
    ],
    [
      "a repeated clientId",
      {
        clients: [
          { clientId: "A", secretKeys: ["k"] },
          { clientId: "A", secretKeys: ["j"] },
        ],
      },
      "option `clients[1].clientId` repeats A; list each Client-Id once",
    ],
    [
      "secretKeys",
      { clients: [{ clientId: "A", secretKeys: [] }] },
      "option `clients[0].secretKeys` is an empty array; give at least one secret key",
    ],
    [
      "secretKeys as a string",
      { clients: [{ clientId: "A", secretKeys: "SK-A-STRING" }] },
      "option `clients[0].secretKeys` is a string; give an array of keys: secretKeys: [process.env.DOKU_SECRET_KEY]",
    ],
    [
      "no secretKeys",
      { clients: [{ clientId: "A" }] },
      "option `clients[0].secretKeys` is missing; give an array of keys: secretKeys: [process.env.DOKU_SECRET_KEY]",
    ],
    [
      "secretKeys as a number",
      { clients: [{ clientId: "A", secretKeys: 7 }] },
      "option `clients[0].secretKeys` is a number; give an array of keys: secretKeys: [process.env.DOKU_SECRET_KEY]",
    ],
    [
      "an unset variable",
      { clients: [{ clientId: "A", secretKeys: [undefined] }] },
      "option `clients[0].secretKeys[0]` is undefined: is the variable it is read from (DOKU_SECRET_KEY?) set?",
    ],
    [
      "an empty secret",
      { clients: [{ clientId: "A", secretKeys: [""] }] },
      "option `clients[0].secretKeys[0]` is empty: is the variable it is read from (DOKU_SECRET_KEY?) set?",
    ],
    [
      "a secret with whitespace",
      { clients: [{ clientId: "A", secretKeys: ["SK-1\n"] }] },
      "option `clients[0].secretKeys[0]` has leading or trailing whitespace; copy the key from the DOKU Back Office again",
    ],
    [
      "a secret of the wrong type",
      { clients: [{ clientId: "A", secretKeys: [42] }] },
      "option `clients[0].secretKeys[0]` is a number; it must be a string or a secret KeyObject",
    ],
    [
      "a key object that is not secret",
      { clients: [{ clientId: "A", secretKeys: [SECRET_KEY_OBJECT, PUBLIC_LOOKING_KEY] }] },
      "option `clients[0].secretKeys[1]` is a public KeyObject; it must be a string or a secret KeyObject",
    ],
    ["lookupPaymentCode", { lookupPaymentCode: "nope" }, "option `lookupPaymentCode` must be a function"],
    ["timeoutMs", { timeoutMs: -1 }, "option `timeoutMs` must be a positive number, got -1"],
    ["an infinite timeoutMs", { timeoutMs: Infinity }, "option `timeoutMs` must be a positive number, got Infinity"],
    ["a NaN timeoutMs", { timeoutMs: Number.NaN }, "option `timeoutMs` must be a positive number, got NaN"],
    ["limit", { limit: "64kb" }, "option `limit` must be a positive number, got 64kb"],
    ["bodyTimeoutMs", { bodyTimeoutMs: 0 }, "option `bodyTimeoutMs` must be a positive number, got 0"],
    [
      "a timeoutMs longer than a timer waits (it would fire after 1 ms)",
      { timeoutMs: 3_000_000_000 },
      "option `timeoutMs` must be at most 2147483647 ms (about 24.8 days, what a timer can wait), got 3000000000",
    ],
    [
      "a bodyTimeoutMs longer than a timer waits",
      { bodyTimeoutMs: 2_147_483_648 },
      "option `bodyTimeoutMs` must be at most 2147483647 ms (about 24.8 days, what a timer can wait), got 2147483648",
    ],
    [
      "timestampToleranceSec",
      { timestampToleranceSec: "300" },
      "option `timestampToleranceSec` must be a number of seconds (0 or more) or false",
    ],
    [
      "a negative timestampToleranceSec",
      { timestampToleranceSec: -1 },
      "option `timestampToleranceSec` must be a number of seconds (0 or more) or false",
    ],
    [
      "an infinite timestampToleranceSec",
      { timestampToleranceSec: Infinity },
      "option `timestampToleranceSec` must be a number of seconds (0 or more) or false",
    ],
    ["requestTarget", { requestTarget: "doku" }, "option `requestTarget` must be a path starting with /"],
    ["requestTarget type", { requestTarget: 5 }, "option `requestTarget` must be a path or a function of the request"],
    ["store", { store: {} }, "option `store` must implement claim, complete and release (see DokuStore)"],
    [
      "a store missing one method",
      { store: { claim() {}, complete() {} } },
      "option `store` must implement claim, complete and release (see DokuStore)",
    ],
    [
      "a store that is not an object",
      { store: "redis" },
      "option `store` must implement claim, complete and release (see DokuStore)",
    ],
    ["onEvent", { onEvent: "log" }, "option `onEvent` must be a function"],
    ["now", { now: 5 }, "option `now` must be a function returning epoch ms"],
  ])("throws a TypeError naming %s", (_name, change, message) => {
    const options = change === null ? null : { ...valid, ...change };
    let thrown: unknown;
    try {
      createInquiryRouter(options as InquiryRouterOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as TypeError).message.startsWith(`express-doku: ${message}`)).toBe(true);
  });

  it("accepts edge values that are valid", () => {
    const store = {
      claim: async () => ({ state: "claimed" as const, token: "t" }),
      complete: async () => true,
      release: async () => true,
      renew: async () => true,
    };
    for (const change of [
      { timestampToleranceSec: 0 },
      { timestampToleranceSec: false as const },
      { timeoutMs: 0.5 },
      { requestTarget: "/x" },
      { requestTarget: () => "/x" },
      { store },
      { clients: [{ clientId: "A", secretKeys: [SECRET_KEY_OBJECT] }] },
    ]) {
      expect(() => createInquiryRouter({ ...valid, ...change })).not.toThrow();
    }
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
    expect(() =>
      createNotificationRouter({ path: "/n", clients: CLIENTS, onPayment: () => {}, retentionMs: 0 }),
    ).toThrow(/`retentionMs`/);
  });
});
