import { createInquiryRouter, createNotificationRouter, type PaymentNotification } from "../../src";
import { duplicateKeyIn } from "../../src/protocol/duplicate-key";
import { signDokuRequest } from "../../src/testing";
import { appWith, eventLog, listen, type Running } from "../support/http";
import { rawPost } from "../support/raw-http";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// The body as it was sent: bytes that are not UTF-8 and keys that appear twice are refused
// before anything reads them (PROTOCOL.md §2), by both routers, and signed as DOKU signed them.
const looked: string[] = [];
const paid: PaymentNotification[] = [];
const inquiryLog = eventLog();
const notifyLog = eventLog();
let server: Running;

beforeAll(async () => {
  server = await listen(
    appWith(
      createInquiryRouter({
        path: "/i",
        clients: CLIENTS,
        onEvent: inquiryLog.onEvent,
        lookupPaymentCode: (code) => {
          looked.push(code);
          return { status: "billing_not_found" };
        },
      }),
      createNotificationRouter({
        path: "/n",
        clients: CLIENTS,
        onEvent: notifyLog.onEvent,
        onPayment: (n) => void paid.push(n),
      }),
    ),
  );
});
afterAll(() => server.close());

const ENVELOPE =
  '"service":{"id":"ONLINE_TO_OFFLINE"},"acquirer":{"id":"ALFA"},"channel":{"id":"ONLINE_TO_OFFLINE_ALFA"}';
const NOTIFICATION = `${ENVELOPE},"order":{"invoice_number":"INV-1","amount":1000},"transaction":{"status":"SUCCESS","date":"2026-12-01T00:00:00Z"}`;

/** JSON text with one raw byte sequence put in place of `@@`. */
const withBytes = (text: string, bytes: number[]) => {
  const [before, after] = text.split("@@") as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
};

const send = (path: string, body: Buffer) =>
  rawPost(
    `${server.url}${path}`,
    signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: path, body }).headers,
    body,
  );

describe.each([
  [
    "in the payment code",
    `{${ENVELOPE},"online_to_offline_info":{"payment_code":"88@@"}}`,
    `{${NOTIFICATION},"online_to_offline_info":{"payment_code":"88@@"}}`,
  ],
  [
    "in an identifier",
    `{${ENVELOPE},"online_to_offline_info":{"payment_code":"88"},"online_to_offline_inquiry":{"identifier":[{"name":"AGENT_TRX_ID","value":"T@@"}]}}`,
    `{${NOTIFICATION},"online_to_offline_payment":{"identifier":[{"name":"AGENT_TRX_ID","value":"T@@"}]}}`,
  ],
  [
    "in an unknown field",
    `{${ENVELOPE},"online_to_offline_info":{"payment_code":"88"},"extra":"@@"}`,
    `{${NOTIFICATION},"extra":"@@"}`,
  ],
])("bytes that are not UTF-8 %s", (_where, inquiry, notification) => {
  it.each([[[0xff]], [[0xc3]], [[0xed, 0xa0, 0x80]]])(
    "%j: the inquiry gets a signed decline, the resolver is not asked",
    async (bytes) => {
      looked.length = 0;
      const res = await send("/i", withBytes(inquiry, bytes));
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body.toString())).toEqual({ online_to_offline_inquiry: { status: "decline" } });
      expect(res.headers.signature).toMatch(/^HMACSHA256=/);
      expect(looked).toEqual([]);
      expect(inquiryLog.last()).toMatchObject({
        reason: "invalid_encoding",
        detail: "the body is not valid UTF-8 (JSON must be)",
      });
    },
  );

  it("the notification gets 400 and onPayment never runs", async () => {
    paid.length = 0;
    const res = await send("/n", withBytes(notification, [0xff]));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toEqual({ error: "invalid_encoding" });
    expect(paid).toEqual([]);
  });
});

it("two notifications whose AGENT_TRX_ID differ only in invalid bytes are both refused, never merged", async () => {
  paid.length = 0;
  const text = `{${NOTIFICATION},"online_to_offline_payment":{"identifier":[{"name":"AGENT_TRX_ID","value":"T@@"}]}}`;
  expect((await send("/n", withBytes(text, [0xff]))).status).toBe(400);
  expect((await send("/n", withBytes(text, [0xfe]))).status).toBe(400);
  expect(paid).toEqual([]);
});

describe("a key twice in one object", () => {
  it.each([
    [
      "the payment code",
      `{${ENVELOPE},"online_to_offline_info":{"payment_code":"1","payment_code":"2"}}`,
      "payment_code",
    ],
    [
      "an escaped twin",
      `{${ENVELOPE},"online_to_offline_info":{"payment_code":"1","payment_\\u0063ode":"2"}}`,
      "payment_code",
    ],
    ["a whole section", `{${ENVELOPE},"channel":{"id":"X"},"online_to_offline_info":{"payment_code":"1"}}`, "channel"],
  ])("%s: a signed decline", async (_name, text, key) => {
    looked.length = 0;
    const res = await send("/i", Buffer.from(text));
    expect(res.status).toBe(400);
    expect(looked).toEqual([]);
    expect(inquiryLog.last()).toMatchObject({ reason: "duplicate_key" });
    expect(inquiryLog.last().detail).toContain(JSON.stringify(key));
  });

  it("in a notification: 400, onPayment never runs", async () => {
    paid.length = 0;
    const res = await send(
      "/n",
      Buffer.from(`{${NOTIFICATION},"order":{"invoice_number":"INV-2","amount":1,"amount":1000}}`),
    );
    expect(res.status).toBe(400);
    expect(notifyLog.last()).toMatchObject({ reason: "duplicate_key" });
    expect(paid).toEqual([]);
  });
});

describe("duplicateKeyIn", () => {
  it.each([
    ['{"a":1,"b":{"a":2}}', undefined],
    ['[{"a":1},{"a":2}]', undefined],
    ['{"a":"{\\"a\\":1}","b":["a","a"]}', undefined],
    ['{"a":1,"a":2}', "a"],
    ['{"x":[{"k":1,"k":2}]}', "k"],
    ['{"\\"":1,"\\u0022":2}', '"'],
    ['{"a":{"b":1},"c":{"d":{"e":1,"f":[1,{"g":1,"g":1}]}}}', "g"],
    ["{}", undefined],
    ['"just a string"', undefined],
    // Past 16 keys an object's keys go into a Set: duplicates found on both sides of the switch.
    [
      '{"k0":1,"k1":1,"k2":1,"k3":1,"k4":1,"k5":1,"k6":1,"k7":1,"k8":1,"k9":1,"k10":1,"k11":1,"k12":1,"k13":1,"k14":1,"k15":1,"k16":1,"k17":1,"k18":1,"k19":1,"k3":2}',
      "k3",
    ],
    [
      '{"k0":1,"k1":1,"k2":1,"k3":1,"k4":1,"k5":1,"k6":1,"k7":1,"k8":1,"k9":1,"k10":1,"k11":1,"k12":1,"k13":1,"k14":1,"k15":1,"k0":2}',
      "k0",
    ],
    [
      '{"k0":1,"k1":1,"k2":1,"k3":1,"k4":1,"k5":1,"k6":1,"k7":1,"k8":1,"k9":1,"k10":1,"k11":1,"k12":1,"k13":1,"k14":1,"k15":1,"k16":1,"k0":2}',
      "k0",
    ],
    [
      '{"k0":1,"k1":1,"k2":1,"k3":1,"k4":1,"k5":1,"k6":1,"k7":1,"k8":1,"k9":1,"k10":1,"k11":1,"k12":1,"k13":1,"k14":1,"k15":1,"k16":1,"k17":1,"k18":1,"k19":1,"k20":1,"k21":1,"k22":1,"k23":1,"k24":1,"k25":1,"k26":1,"k27":1,"k28":1,"k29":1,"k30":1,"k31":1,"k32":1,"k33":1,"k34":1,"k35":1,"k36":1,"k37":1,"k38":1,"k39":1}',
      undefined,
    ],
    // A backslash anywhere before changes nothing for the keys after it.
    ['["\\\\",{"a":1,"b":"\\"","a":2}]', "a"],
    ['{"a\\\\":1,"a\\u005c":2}', "a\\"],
    ['{"\\\\\\"":1,"\\\\":2}', undefined],
  ])("%s", (text, duplicate) => {
    JSON.parse(text);
    expect(duplicateKeyIn(text)).toBe(duplicate);
  });
});
