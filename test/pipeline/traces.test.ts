import { tracingChannel } from "node:diagnostics_channel";

import { createInquiryHandler, createNotificationHandler } from "../../src/fetch";
import type { MerchantCallTrace, RequestTrace } from "../../src/pipeline/traces";
import { buildInquiryBody, buildNotificationBody, signDokuRequest } from "../../src/testing";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// The requests and the merchant's calls, traced on node:diagnostics_channel TracingChannels for
// any APM to subscribe to, with no dependency on this package.
type Seen = [channel: string, kind: string, trace: RequestTrace | MerchantCallTrace];

function watch(names: string[]) {
  const seen: Seen[] = [];
  const subscriptions = names.map((name) => {
    const channel = tracingChannel(name);
    const on = (kind: string) => (trace: unknown) => seen.push([name, kind, { ...(trace as RequestTrace) }]);
    const handlers = {
      start: on("start"),
      end: on("end"),
      asyncStart: on("asyncStart"),
      asyncEnd: on("asyncEnd"),
      error: on("error"),
    };
    channel.subscribe(handlers);
    return () => channel.unsubscribe(handlers);
  });
  return { seen, stop: () => subscriptions.forEach((stop) => stop()) };
}

function request(path: string, body: object, secretKey = SECRET) {
  const s = signDokuRequest({ clientId: CLIENT_ID, secretKey, requestTarget: path, body });
  return new Request(`http://shop.test${path}`, { method: "POST", headers: s.headers, body: s.body });
}

const inquiry = createInquiryHandler({
  clients: CLIENTS,
  onEvent: false,
  lookupPaymentCode: (code) => {
    if (code === "8896500000000009") throw new Error("orders unreachable");
    return { status: "success", order: { invoice_number: "INV-T", amount: 10_000 }, customer: { name: "Ani" } };
  },
});
const notification = createNotificationHandler({ clients: CLIENTS, onEvent: false, onPayment: () => undefined });

it("an inquiry: the request's trace ends with its event (even with onEvent: false), the lookup traced inside it", async () => {
  const { seen, stop } = watch(["express-doku:inquiry", "express-doku:lookup-payment-code"]);
  const req = request("/doku/inquiry", buildInquiryBody({ paymentCode: "8896512345678123" }));
  try {
    expect((await inquiry(req)).status).toBe(200);
  } finally {
    stop();
  }
  const kinds = seen.map(([channel, kind]) => `${channel.replace("express-doku:", "")} ${kind}`);
  expect(kinds[0]).toBe("inquiry start");
  expect(kinds).toContain("lookup-payment-code start");
  expect(kinds).toContain("lookup-payment-code asyncEnd");
  expect(kinds.at(-1)).toBe("inquiry asyncEnd");
  const [, , start] = seen[0] as Seen;
  expect((start as RequestTrace).req).toBe(req);
  const [, , end] = seen.at(-1) as Seen;
  expect((end as RequestTrace).event).toMatchObject({ router: "inquiry", reason: "resolved", statusCode: 200 });
  const lookup = seen.find(([channel]) => channel === "express-doku:lookup-payment-code")?.[2];
  expect(lookup).toMatchObject({ router: "inquiry", clientId: CLIENT_ID, paymentCode: "8896512345678123" });
});

it("a resolver that throws: an error on the lookup's channel; the request's trace ends with resolver_error", async () => {
  const { seen, stop } = watch(["express-doku:inquiry", "express-doku:lookup-payment-code"]);
  try {
    expect(
      (await inquiry(request("/doku/inquiry", buildInquiryBody({ paymentCode: "8896500000000009" })))).status,
    ).toBe(400);
  } finally {
    stop();
  }
  expect(seen.some(([channel, kind]) => channel === "express-doku:lookup-payment-code" && kind === "error")).toBe(true);
  expect((seen.at(-1)?.[2] as RequestTrace).event).toMatchObject({ reason: "resolver_error" });
});

it("a notification: onPayment traced with its idempotency key; a forged one never reaches it", async () => {
  const { seen, stop } = watch(["express-doku:notification", "express-doku:on-payment"]);
  try {
    expect((await notification(request("/doku/notify", buildNotificationBody()))).status).toBe(200);
    expect((await notification(request("/doku/notify", buildNotificationBody(), "another-key"))).status).toBe(401);
  } finally {
    stop();
  }
  const onPayment = seen.filter(([channel]) => channel === "express-doku:on-payment");
  expect(onPayment.map(([, kind]) => kind)).toEqual(["start", "end", "asyncStart", "asyncEnd"]);
  expect(onPayment[0]?.[2]).toMatchObject({ router: "notification", idempotencyKey: expect.any(String) });
  const ends = seen.filter(([channel, kind]) => channel === "express-doku:notification" && kind === "asyncEnd");
  expect(ends.map(([, , t]) => (t as RequestTrace).event?.reason)).toEqual(["handled", "bad_signature"]);
});

it("nobody subscribed: nothing is traced and the answers are the same", async () => {
  expect(tracingChannel("express-doku:inquiry").hasSubscribers).toBe(false);
  expect((await inquiry(request("/doku/inquiry", buildInquiryBody()))).status).toBe(200);
});
