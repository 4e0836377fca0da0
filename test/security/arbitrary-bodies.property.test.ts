import fc from "fast-check";

import { createInquiryRouter, createNotificationRouter, type InquiryContext } from "../../src";
import { buildInquiryBody, buildNotificationBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";
import { appWith, listen, type Running } from "../support/http";
import { propertyRuns } from "../support/property-runs";
import { rawPost } from "../support/raw-http";

// Whatever bytes come with a valid signature: a signed 400 decline or a valid answer, never
// a 5xx, never a crash, never a polluted prototype.
const CLIENT_ID = "MCH-BODIES";
const SECRET = "SK-BODIES-TEST-KEY";
const clients = [{ clientId: CLIENT_ID, secretKeys: [SECRET] }];
const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join();
const originalPrototype = prototypeKeys();

let server: Running;
const seenRequests: InquiryContext["request"][] = [];

beforeAll(async () => {
  server = await listen(
    appWith(
      createInquiryRouter({
        path: "/doku/inquiry",
        clients,
        lookupPaymentCode: (code, ctx) => {
          seenRequests.push(ctx.request);
          return code.endsWith("0")
            ? { status: "billing_not_found" }
            : { status: "success", order: { invoice_number: `INV-${code}`, amount: 1000 }, customer: { name: "Ani" } };
        },
      }),
      createNotificationRouter({ path: "/doku/notify", clients, onPayment: () => {} }),
    ),
  );
});
afterAll(() => server.close());

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const withCode = (raw: string) =>
  Buffer.from(JSON.stringify(buildInquiryBody({ paymentCode: "X" })).replace('"X"', raw));

const hostileBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 1024 }).map((a) => Buffer.from(a)),
  fc.json({ maxDepth: 4 }).map((t) => Buffer.from(t)),
  // Deep nesting, kept under the 64 KiB limit so that it is parsed, not refused with 413.
  fc.integer({ min: 1, max: 30_000 }).map((n) => Buffer.from("[".repeat(n) + "]".repeat(n))),
  fc.integer({ min: 1, max: 10_000 }).map((n) => Buffer.from('{"a":'.repeat(n) + "1" + "}".repeat(n))),
  fc
    .oneof(
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
      fc.constantFrom(
        "1e999",
        "-0",
        "0.0",
        "1e3",
        "00012",
        "9".repeat(400),
        '"\\u0031\\u0032"',
        '"１２３"',
        "true",
        "null",
        "[]",
        "{}",
      ),
    )
    .map(withCode),
  fc
    .constantFrom(
      '{"__proto__":{"polluted":"yes"},"service":{"id":"ONLINE_TO_OFFLINE"},"acquirer":{"id":"ALFA"},"channel":{"id":"ONLINE_TO_OFFLINE_ALFA"},"online_to_offline_info":{"payment_code":"11","__proto__":{"polluted":"yes"}}}',
      '{"constructor":{"prototype":{"polluted":"yes"}},"service":{"id":"ONLINE_TO_OFFLINE"},"acquirer":{"id":"ALFA"},"channel":{"id":"ONLINE_TO_OFFLINE_ALFA"},"online_to_offline_info":{"payment_code":"11"}}',
      '{"online_to_offline_info":{"payment_code":"1"},"online_to_offline_info":{"payment_code":"21"},"service":{"id":"ONLINE_TO_OFFLINE"},"acquirer":{"id":"ALFA"},"channel":{"id":"ONLINE_TO_OFFLINE_ALFA"}}',
    )
    .map((t) => Buffer.from(t)),
  fc
    .record({
      extra: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }),
      code: fc.stringMatching(/^\d{1,20}$/),
    })
    .map(({ extra, code }) => json({ ...extra, ...buildInquiryBody({ paymentCode: code }) })),
  fc
    .record({
      extra: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }),
      amount: fc.oneof(fc.integer(), fc.double()),
    })
    .map(({ extra, amount }) =>
      json({ ...extra, ...buildNotificationBody({ amount: Number.isFinite(amount) ? amount : 0 }) }),
    ),
);

describe.each(["/doku/inquiry", "/doku/notify"] as const)("signed hostile bodies to %s", (path) => {
  it("get a signed decline or a valid answer, never a 5xx, and pollute nothing", async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, async (body) => {
        const signed = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: path, body });
        const res = await rawPost(`${server.url}${path}`, signed.headers, signed.bytes);
        expect(res.status).toBeLessThan(500);
        expect(res.status).not.toBe(401);
        if (path === "/doku/inquiry") {
          expect([200, 400, 404]).toContain(res.status);
          const answer = JSON.parse(res.body.toString("utf8")) as { online_to_offline_inquiry: { status: string } };
          if (res.status === 400) expect(answer.online_to_offline_inquiry.status).toBe("decline");
          const check = verifyDokuResponse({
            headers: res.headers,
            body: res.body,
            clientId: CLIENT_ID,
            secretKey: SECRET,
            requestTarget: path,
          });
          expect(check).toEqual({ valid: true });
        } else {
          expect([200, 400]).toContain(res.status);
        }
        expect(prototypeKeys()).toBe(originalPrototype);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: propertyRuns(1500) },
    );
    for (const request of seenRequests) {
      expect(Object.getPrototypeOf(request)).toBe(Object.prototype);
      expect((request as Record<string, unknown>).polluted).toBeUndefined();
    }
  }, 180_000);
});

it("refuses duplicate payment_code keys (JSON.parse would keep the last silently): a signed decline, the resolver never asked", async () => {
  seenRequests.length = 0;
  const body = Buffer.from(
    '{"service":{"id":"ONLINE_TO_OFFLINE"},"acquirer":{"id":"ALFA"},"channel":{"id":"ONLINE_TO_OFFLINE_ALFA"},"online_to_offline_info":{"payment_code":11,"payment_code":98965123456781239}}',
  );
  const signed = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: "/doku/inquiry", body });
  const res = await rawPost(`${server.url}/doku/inquiry`, signed.headers, signed.bytes);
  expect(res.status).toBe(400);
  expect(JSON.parse(res.body.toString())).toEqual({ online_to_offline_inquiry: { status: "decline" } });
  expect(seenRequests).toEqual([]);
});
