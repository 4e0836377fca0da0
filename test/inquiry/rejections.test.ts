import request from "supertest";

import { createInquiryRouter, type InquiryRouterOptions, type ResolverResult } from "../../src";
import { buildInquiryBody, verifyDokuResponse } from "../../src/testing";
import { appWith, eventLog } from "../support/http";
import { inquirySetup, signerFor, type SignOverrides } from "../support/routers";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

const PATH = "/doku/inquiry";
const NOT_FOUND: ResolverResult = { status: "billing_not_found" };

const setup = (extra: Partial<InquiryRouterOptions> = {}, result: () => unknown = () => NOT_FOUND) =>
  inquirySetup(PATH, result, extra);
const signed = (body: string | object = buildInquiryBody(), over: SignOverrides = {}) => signerFor(PATH)(body, over);
const verifies = (res: request.Response, requestTarget = PATH) =>
  verifyDokuResponse({ headers: res.headers, body: res.text, clientId: CLIENT_ID, secretKey: SECRET, requestTarget })
    .valid;

describe("requests that fail authentication", () => {
  const cases: Array<
    [string, (s: ReturnType<typeof signed>) => { headers: Record<string, string>; body: string }, string]
  > = [
    ["no Signature", (s) => ({ headers: { ...s.headers, Signature: "" }, body: s.body.toString() }), "missing_header"],
    [
      "no Client-Id",
      (s) => {
        const { "Client-Id": _c, ...h } = s.headers;
        return { headers: h, body: s.body.toString() };
      },
      "missing_header",
    ],
    [
      "a malformed Signature",
      (s) => ({ headers: { ...s.headers, Signature: "HMACSHA256=abc" }, body: s.body.toString() }),
      "malformed_signature",
    ],
    [
      "an unknown Client-Id",
      (s) => ({ headers: { ...s.headers, "Client-Id": "MCH-9999" }, body: s.body.toString() }),
      "unknown_client",
    ],
    [
      "a wrong key",
      () => {
        const o = signed(buildInquiryBody(), { secretKey: "SK-OTHER" });
        return { headers: o.headers, body: o.body.toString() };
      },
      "bad_signature",
    ],
    [
      "a body changed after signing",
      (s) => ({ headers: s.headers, body: s.body.toString().replace("8896", "9896") }),
      "bad_signature",
    ],
    [
      "a stale timestamp",
      () => {
        const o = signed(buildInquiryBody(), { timestamp: Date.now() - 301_000 });
        return { headers: o.headers, body: o.body.toString() };
      },
      "stale_timestamp",
    ],
    [
      "a future timestamp",
      () => {
        const o = signed(buildInquiryBody(), { timestamp: Date.now() + 301_000 });
        return { headers: o.headers, body: o.body.toString() };
      },
      "stale_timestamp",
    ],
    [
      "an unparsable timestamp",
      () => {
        const o = signed(buildInquiryBody(), { timestamp: "2024-01-01T00:00:00+07:00" });
        return { headers: o.headers, body: o.body.toString() };
      },
      "stale_timestamp",
    ],
    [
      "a signature over another path",
      () => {
        const o = signed(buildInquiryBody(), { requestTarget: "/other" });
        return { headers: o.headers, body: o.body.toString() };
      },
      "bad_signature",
    ],
  ];

  it.each(cases)("answers 401 invalid_signature, unsigned, for %s", async (_name, mutate, reason) => {
    const { app, calls, log } = setup();
    const { headers, body } = mutate(signed());
    const res = await request(app).post(PATH).set(headers).send(body);
    expect(res.status).toBe(401);
    expect(res.text).toBe('{"online_to_offline_inquiry":{"status":"invalid_signature"}}');
    expect(res.headers["signature"]).toBeUndefined();
    expect(res.headers["response-timestamp"]).toBeUndefined();
    expect(calls).toEqual([]);
    expect(log.last()).toMatchObject({ reason, statusCode: 401, level: "warn", router: "inquiry", replayed: false });
    expect(log.last().durationMs).toBeGreaterThanOrEqual(0);
    expect(log.last().durationMs).toBeLessThan(60_000);
    // Only a signature that does not match gets a diagnosis; the other failures say what was wrong.
    expect(/likely cause/.test(String(log.last().detail))).toBe(reason === "bad_signature");
  });

  it("clips what the sender put in the Client-Id and Request-Id before it reaches an event", async () => {
    const { app, log } = setup();
    const s = signed();
    const long = "R".repeat(300);
    await request(app)
      .post(PATH)
      .set({ ...s.headers, "Request-Id": long, "Client-Id": `C${long}` })
      .send(s.body.toString())
      .expect(401);
    expect(log.last()).toMatchObject({
      reason: "malformed_header",
      requestId: long.slice(0, 128),
      clientId: `C${long}`.slice(0, 128),
    });
  });

  it("accepts a stale timestamp when the window is disabled", async () => {
    const { app } = setup({ timestampToleranceSec: false });
    const s = signed(buildInquiryBody(), { timestamp: Date.parse("2020-01-01T00:00:00Z") });
    expect((await request(app).post(PATH).set(s.headers).send(s.body.toString())).status).toBe(404);
  });

  it("uses the injected clock for the window", async () => {
    const { app } = setup({ now: () => Date.parse("2020-01-01T00:04:00Z") });
    const s = signed(buildInquiryBody(), { timestamp: "2020-01-01T00:00:00Z" });
    expect((await request(app).post(PATH).set(s.headers).send(s.body.toString())).status).toBe(404);
  });

  it("names a mount-prefix mismatch as the likely cause", async () => {
    const { router, log } = setup();
    const app = appWith();
    app.use("/pay", router);
    const s = signed(buildInquiryBody(), { requestTarget: PATH });
    const res = await request(app).post(`/pay${PATH}`).set(s.headers).send(s.body.toString());
    expect(res.status).toBe(401);
    expect(log.last().detail).toMatch(/prefix/);
  });

  it("names a signed query string as the likely cause", async () => {
    const { app, log } = setup();
    const s = signed(buildInquiryBody(), { requestTarget: `${PATH}?x=1` });
    const res = await request(app).post(`${PATH}?x=1`).set(s.headers).send(s.body.toString());
    expect(res.status).toBe(401);
    expect(log.last().detail).toMatch(/query string/);
  });
});

describe("the signed path", () => {
  it("leaves the query string out", async () => {
    const { app } = setup();
    const s = signed();
    const res = await request(app).post(`${PATH}?utm=1&a=b`).set(s.headers).send(s.body.toString());
    expect(res.status).toBe(404);
    expect(verifies(res)).toBe(true);
  });

  it("includes the prefix the router is mounted under", async () => {
    const { router } = setup();
    const app = appWith();
    app.use("/pay", router);
    const s = signed(buildInquiryBody(), { requestTarget: `/pay${PATH}` });
    const res = await request(app).post(`/pay${PATH}`).set(s.headers).send(s.body.toString());
    expect(res.status).toBe(404);
    expect(verifies(res, `/pay${PATH}`)).toBe(true);
  });

  it("can be set for apps behind a path-rewriting proxy", async () => {
    const { app } = setup({ requestTarget: "/public/doku/inquiry" });
    const s = signed(buildInquiryBody(), { requestTarget: "/public/doku/inquiry" });
    const res = await request(app).post(PATH).set(s.headers).send(s.body.toString());
    expect(res.status).toBe(404);
    expect(verifies(res, "/public/doku/inquiry")).toBe(true);
  });

  it("can be computed per request", async () => {
    const { app } = setup({ requestTarget: (req) => `/edge${req.originalUrl.split("?")[0]}` });
    const s = signed(buildInquiryBody(), { requestTarget: `/edge${PATH}` });
    expect((await request(app).post(PATH).set(s.headers).send(s.body.toString())).status).toBe(404);
  });
});

describe("authenticated but malformed requests", () => {
  it.each([
    ["invalid JSON", "{not json", "invalid_json", undefined],
    [
      "a wrong service",
      buildInquiryBody({ paymentCode: "77", overrides: { service: { id: "VIRTUAL_ACCOUNT" } } }),
      "invalid_request",
      "77",
    ],
    [
      "a wrong acquirer",
      buildInquiryBody({ paymentCode: "77", overrides: { acquirer: { id: "INDOMARET" } } }),
      "invalid_request",
      "77",
    ],
    [
      "a wrong channel",
      buildInquiryBody({ paymentCode: "77", overrides: { channel: { id: "X" } } }),
      "invalid_request",
      "77",
    ],
    [
      "no payment code",
      buildInquiryBody({ overrides: { online_to_offline_info: {} } }),
      "invalid_payment_code",
      undefined,
    ],
    ["a 21-digit code", buildInquiryBody({ paymentCode: "1".repeat(21) }), "invalid_payment_code", undefined],
    ["an empty body", "", "invalid_json", undefined],
  ])("answers a signed 400 decline for %s", async (_name, body, reason, code) => {
    const { app, calls, log } = setup();
    const s = signed(body);
    const res = await request(app).post(PATH).set(s.headers).send(s.body.toString());
    expect(res.status).toBe(400);
    expect(res.body.online_to_offline_inquiry).toEqual({ status: "decline" });
    expect(res.body.online_to_offline_info?.payment_code).toBe(code);
    expect(verifies(res)).toBe(true);
    expect(calls).toEqual([]);
    expect(log.last()).toMatchObject({ reason, statusCode: 400, level: "warn", inquiryStatus: "decline" });
  });
});

describe("resolver failures", () => {
  it("declines when the resolver throws, and the event carries the error", async () => {
    const boom = new Error("database down");
    const { app, log } = setup({}, () => {
      throw boom;
    });
    const s = signed();
    const res2 = await request(app).post(PATH).set(s.headers).send(s.body.toString());
    expect(res2.status).toBe(400);
    expect(res2.body.online_to_offline_inquiry.status).toBe("decline");
    expect(verifies(res2)).toBe(true);
    expect(log.last()).toMatchObject({ reason: "resolver_error", level: "error", error: boom });
    expect(log.last().detail).toContain("database down");
  });

  it("declines when the resolver hangs past timeoutMs, and aborts its signal", async () => {
    let signal: AbortSignal | undefined;
    const log = eventLog();
    const app = appWith(
      createInquiryRouter({
        path: PATH,
        clients: CLIENTS,
        timeoutMs: 50,
        onEvent: log.onEvent,
        lookupPaymentCode: (_code, ctx) => {
          signal = ctx.signal;
          return new Promise(() => {});
        },
      }),
    );
    const s = signed();
    const res = await request(app).post(PATH).set(s.headers).send(s.body.toString());
    expect(res.status).toBe(400);
    expect(verifies(res)).toBe(true);
    expect(signal?.aborted).toBe(true);
    expect(log.last()).toMatchObject({ reason: "resolver_timeout", level: "error" });
  });

  it("hands a resolver that looks at its signal only after the deadline an aborted signal with the reason", async () => {
    let looked!: () => void;
    const lookedAtSignal = new Promise<void>((resolve) => {
      looked = resolve;
    });
    let seen: { aborted: boolean; reason: unknown; again: boolean } | undefined;
    const app = appWith(
      createInquiryRouter({
        path: PATH,
        clients: CLIENTS,
        timeoutMs: 30,
        lookupPaymentCode: async (_code, ctx) => {
          await new Promise((r) => setTimeout(r, 80));
          seen = { aborted: ctx.signal.aborted, reason: ctx.signal.reason, again: ctx.signal.aborted };
          looked();
          return { status: "billing_not_found" };
        },
      }),
    );
    const s = signed();
    // The decline goes out at the deadline; the resolver looks at its signal 50 ms later.
    await request(app).post(PATH).set(s.headers).send(s.body.toString()).expect(400);
    await lookedAtSignal;
    expect(seen?.aborted).toBe(true);
    expect(seen?.again).toBe(true);
    expect(String((seen?.reason as Error).message)).toBe("deadline of 30 ms passed");
  });

  it("hands a resolver that finishes in time a signal that never aborts", async () => {
    let signal: AbortSignal | undefined;
    const app = appWith(
      createInquiryRouter({
        path: PATH,
        clients: CLIENTS,
        timeoutMs: 1_000,
        lookupPaymentCode: (_code, ctx) => {
          signal = ctx.signal;
          return { status: "billing_not_found" };
        },
      }),
    );
    const s = signed();
    await request(app).post(PATH).set(s.headers).send(s.body.toString()).expect(404);
    expect(signal?.aborted).toBe(false);
  });

  it("declines when a plain (not async) resolver throws", async () => {
    const log = eventLog();
    const app = appWith(
      createInquiryRouter({
        path: PATH,
        clients: CLIENTS,
        onEvent: log.onEvent,
        lookupPaymentCode: () => {
          throw new Error("sync failure");
        },
      }),
    );
    const s = signed();
    const res = await request(app).post(PATH).set(s.headers).send(s.body.toString()).expect(400);
    expect(verifies(res)).toBe(true);
    expect(log.last()).toMatchObject({ reason: "resolver_error", detail: "lookupPaymentCode threw: sync failure" });
  });

  it.each([
    [
      "an amount of 12.5",
      { status: "success", order: { invoice_number: "I", amount: 12.5 }, customer: { name: "A" } },
      "order.amount",
    ],
    [
      "a 65-character name",
      { status: "success", order: { invoice_number: "I", amount: 1 }, customer: { name: "x".repeat(65) } },
      "customer.name",
    ],
    [
      "info over 30 characters",
      { status: "success", order: { invoice_number: "I", amount: 1 }, customer: { name: "A" }, info: "x".repeat(31) },
      "info",
    ],
    [
      "a zero amount",
      { status: "success", order: { invoice_number: "I", amount: 0 }, customer: { name: "A" } },
      "order.amount",
    ],
    ["invalid_signature", { status: "invalid_signature" }, "status"],
    ["nothing (a missing return)", undefined, "lookupPaymentCode returned undefined (missing return?)"],
    ["null", null, "lookupPaymentCode returned null"],
    [
      "a BigInt in additional_info",
      {
        status: "success",
        order: { invoice_number: "I", amount: 1 },
        customer: { name: "A" },
        additional_info: { n: BigInt(1) },
      },
      "not JSON",
    ],
  ])("declines a result with %s and names the cause", async (_name, result, cause) => {
    const { app, log } = setup({}, () => result);
    const s = signed();
    const res = await request(app).post(PATH).set(s.headers).send(s.body.toString());
    expect(res.status).toBe(400);
    expect(res.body.online_to_offline_inquiry.status).toBe("decline");
    expect(res.body.order).toBeUndefined();
    expect(log.last()).toMatchObject({ reason: "invalid_resolver_result", level: "error" });
    expect(log.last().detail).toContain(cause);
  });

  it("names a missing return in an async resolver", async () => {
    const { app, log } = setup({}, async () => {
      await Promise.resolve();
    });
    const s = signed();
    await request(app).post(PATH).set(s.headers).send(s.body.toString()).expect(400);
    expect(log.last()).toMatchObject({
      reason: "invalid_resolver_result",
      level: "error",
      detail: "lookupPaymentCode returned undefined (missing return?)",
    });
  });

  it("gives the resolver the identifier list and the whole request", async () => {
    const seen: unknown[] = [];
    const app = appWith(
      createInquiryRouter({
        path: PATH,
        clients: CLIENTS,
        lookupPaymentCode: (code, ctx) => {
          seen.push(code, ctx.identifier, ctx.requestId, ctx.clientId, ctx.request.channel.id);
          return NOT_FOUND;
        },
      }),
    );
    const s = signed(buildInquiryBody({ paymentCode: "42", identifier: [{ name: "AGENT_ID", value: "ALFAMART" }] }), {
      requestId: "rid-7",
    });
    await request(app).post(PATH).set(s.headers).send(s.body.toString()).expect(404);
    expect(seen).toEqual([
      "42",
      [{ name: "AGENT_ID", value: "ALFAMART" }],
      "rid-7",
      CLIENT_ID,
      "ONLINE_TO_OFFLINE_ALFA",
    ]);
  });

  it("gives the resolver an empty identifier list when the request has none", async () => {
    const seen: unknown[] = [];
    const app = appWith(
      createInquiryRouter({
        path: PATH,
        clients: CLIENTS,
        lookupPaymentCode: (_code, ctx) => {
          seen.push(ctx.identifier);
          return NOT_FOUND;
        },
      }),
    );
    const { online_to_offline_inquiry: _dropped, ...body } = buildInquiryBody();
    const s = signed(body);
    await request(app).post(PATH).set(s.headers).send(s.body.toString()).expect(404);
    expect(seen).toEqual([[]]);
  });

  it("names the budget and the first problems of a result in the event", async () => {
    const hung = setup({ timeoutMs: 20 }, () => new Promise(() => {}));
    const s1 = signed();
    await request(hung.app).post(PATH).set(s1.headers).send(s1.body.toString()).expect(400);
    expect(hung.log.last().detail).toBe("lookupPaymentCode did not answer within 20 ms");
    const bad = setup({}, () => ({
      status: "success",
      order: { invoice_number: "", amount: 0 },
      customer: {},
      info: 5,
    }));
    const s2 = signed();
    await request(bad.app).post(PATH).set(s2.headers).send(s2.body.toString()).expect(400);
    const detail = String(bad.log.last().detail);
    expect(detail.startsWith("lookupPaymentCode returned data DOKU would refuse: order.invoice_number: ")).toBe(true);
    expect(detail.split("; ")).toHaveLength(3);
    const none = setup({}, () => "nonsense");
    const s3 = signed();
    await request(none.app).post(PATH).set(s3.headers).send(s3.body.toString()).expect(400);
    expect(String(none.log.last().detail)).toMatch(/^lookupPaymentCode returned data DOKU would refuse: \(result\): /);
  });
});

describe("routing", () => {
  it("answers POST only and leaves other paths to the app", async () => {
    const { app } = setup();
    await request(app).get(PATH).expect(404);
    await request(app).post("/elsewhere").send("{}").expect(404);
  });

  it("refuses an oversized body with 413 and names the reason, unsigned", async () => {
    const { app, log } = setup({ limit: 10 });
    const s = signed();
    const res = await request(app).post(PATH).set(s.headers).send(s.body.toString());
    expect(res.status).toBe(413);
    expect(res.text).toBe('{"error":"body_too_large"}');
    expect(res.headers["signature"]).toBeUndefined();
    expect(log.last()).toMatchObject({ reason: "body_too_large", statusCode: 413 });
  });

  it("survives an onEvent hook that throws", async () => {
    const { app } = setup({
      onEvent: () => {
        throw new Error("logger down");
      },
    });
    const s = signed();
    await request(app).post(PATH).set(s.headers).send(s.body.toString()).expect(404);
  });
});
