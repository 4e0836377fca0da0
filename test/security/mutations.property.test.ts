import type { OutgoingHttpHeaders } from "node:http";

import fc from "fast-check";

import { createInquiryRouter, createNotificationRouter } from "../../src";
import { buildInquiryBody, buildNotificationBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";
import { appWith, listen, type Running } from "../support/http";
import { propertyRuns } from "../support/property-runs";
import { rawPost } from "../support/raw-http";

// Any change to a signed request is refused before the merchant's code sees it, unless the
// change leaves every signed value as it was (header-name case, whitespace HTTP strips).
const CLIENT_ID = "MCH-PROPERTY";
const SECRET = "SK-PROPERTY-TEST-KEY";
const clients = [{ clientId: CLIENT_ID, secretKeys: [SECRET] }];
const SIGNED_HEADERS = ["Client-Id", "Request-Id", "Request-Timestamp", "Signature"] as const;

let server: Running;
let resolverCalls = 0;
let handlerCalls = 0;

beforeAll(async () => {
  server = await listen(
    appWith(
      createInquiryRouter({
        path: "/doku/inquiry",
        clients,
        timestampToleranceSec: 600,
        lookupPaymentCode: () => {
          resolverCalls++;
          return { status: "billing_not_found" };
        },
      }),
      createNotificationRouter({
        path: "/doku/notify",
        clients,
        onPayment: () => {
          handlerCalls++;
        },
      }),
    ),
  );
});
afterAll(() => server.close());

type Mutation =
  | { kind: "value"; header: (typeof SIGNED_HEADERS)[number]; value: string }
  | { kind: "drop"; header: (typeof SIGNED_HEADERS)[number] }
  | { kind: "duplicate"; header: (typeof SIGNED_HEADERS)[number]; value: string }
  | { kind: "recase"; header: (typeof SIGNED_HEADERS)[number]; pattern: boolean[] }
  | { kind: "pad"; header: (typeof SIGNED_HEADERS)[number]; before: string; after: string }
  | { kind: "byte"; index: number; xor: number }
  | { kind: "timestamp"; seconds: number }
  | { kind: "path"; variant: "upper" | "slash" | "double" };

const header = fc.constantFrom(...SIGNED_HEADERS);
const visible = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("value" as const), header, value: visible }),
  fc.record({ kind: fc.constant("drop" as const), header }),
  fc.record({ kind: fc.constant("duplicate" as const), header, value: visible }),
  fc.record({
    kind: fc.constant("recase" as const),
    header,
    pattern: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
  }),
  fc.record({
    kind: fc.constant("pad" as const),
    header,
    before: fc.stringMatching(/^[ \t]{0,3}$/),
    after: fc.stringMatching(/^[ \t]{0,3}$/),
  }),
  fc.record({ kind: fc.constant("byte" as const), index: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant("timestamp" as const),
    seconds: fc.integer({ min: -100_000, max: 100_000 }).filter((s) => s !== 0),
  }),
  fc.record({
    kind: fc.constant("path" as const),
    variant: fc.constantFrom("upper" as const, "slash" as const, "double" as const),
  }),
);

/** Applies the mutation; says whether every signed value is still what was signed. */
function apply(m: Mutation, signed: ReturnType<typeof signDokuRequest>, path: string) {
  const headers: OutgoingHttpHeaders = { ...signed.headers };
  const body = Buffer.from(signed.body);
  let url = path;
  let unchanged = false;
  switch (m.kind) {
    case "value":
      unchanged = m.value.trim() === signed.headers[m.header];
      headers[m.header] = m.value;
      break;
    case "drop":
      delete headers[m.header];
      break;
    case "duplicate":
      headers[m.header] = [signed.headers[m.header], m.value];
      break;
    case "recase": {
      const name = [...m.header].map((c, i) => (m.pattern[i] ? c.toUpperCase() : c.toLowerCase())).join("");
      delete headers[m.header];
      headers[name] = signed.headers[m.header];
      unchanged = true;
      break;
    }
    case "pad":
      headers[m.header] = `${m.before}${signed.headers[m.header]}${m.after}`;
      unchanged = true;
      break;
    case "byte": {
      const i = m.index % body.length;
      body[i] = (body[i] as number) ^ m.xor;
      break;
    }
    case "timestamp":
      headers["Request-Timestamp"] =
        new Date(Date.parse(signed.headers["Request-Timestamp"]) + m.seconds * 1000).toISOString().slice(0, 19) + "Z";
      break;
    case "path":
      url = m.variant === "upper" ? path.toUpperCase() : m.variant === "slash" ? `${path}/` : path.replace("/", "//");
      break;
  }
  return { headers, body, url, unchanged };
}

describe.each([
  ["inquiry", "/doku/inquiry", () => buildInquiryBody({ paymentCode: "42" }), () => resolverCalls],
  ["notification", "/doku/notify", () => buildNotificationBody(), () => handlerCalls],
] as const)("mutated %s requests", (_name, path, body, calls) => {
  it("are refused with an unsigned 401 unless every signed value is intact", async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const signed = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: path, body: body() });
        const { headers, body: bytes, url, unchanged } = apply(m, signed, path);
        const before = calls();
        const res = await rawPost(`${server.url}${url}`, headers, bytes);
        if (unchanged) {
          expect(res.status).toBeLessThan(500);
          expect(res.status).not.toBe(401);
          expect(calls()).toBe(before + 1);
          if (path === "/doku/inquiry") {
            const check = verifyDokuResponse({
              headers: res.headers,
              body: res.body,
              clientId: CLIENT_ID,
              secretKey: SECRET,
              requestTarget: path,
            });
            expect(check).toEqual({ valid: true });
          }
        } else {
          // A path Express does not route here is refused by the app instead (404): fine too.
          expect(m.kind === "path" ? [401, 404] : [401]).toContain(res.status);
          expect(res.headers["signature"]).toBeUndefined();
          expect(calls()).toBe(before);
        }
      }),
      { numRuns: propertyRuns(2000) },
    );
  }, 120_000);
});
