import request from "supertest";

import {
  createInquiryRouter,
  createMemoryStore,
  createNotificationRouter,
  type DokuStore,
  type NotificationRouterOptions,
  type PaymentNotification,
} from "../../src";
import { notificationContentKey } from "../../src/protocol/notification-key";
import { buildNotificationBody, signDokuRequest } from "../../src/testing";
import { appWith, listen } from "../support/http";
import { notificationSetup, signerFor } from "../support/routers";
import { CLIENT_ID, CLIENTS, SECRET, vector } from "../support/vectors";

const PATH = "/payments/notifications";

const setup = (extra: Partial<NotificationRouterOptions> = {}, handler?: (n: PaymentNotification) => Promise<void>) =>
  notificationSetup(PATH, handler, extra);
const sign = (body: object | string, requestId?: string, secretKey = SECRET) =>
  signerFor(PATH)(body, { requestId, secretKey });
const post = (app: Parameters<typeof request>[0], s: ReturnType<typeof sign>) =>
  request(app).post(PATH).set(s.headers).send(s.body.toString());

describe("payment notifications", () => {
  it("verifies the notification vector and hands over the typed body", async () => {
    const v3 = vector("v3");
    const { app, calls, log } = setup();
    const headers = (v3 as unknown as { headers_to_send: Record<string, string> }).headers_to_send;
    const res = await request(app)
      .post(PATH)
      .set(headers)
      .send(v3.inputs.body_raw_utf8 as string);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "OK" });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      order: { invoice_number: "MINV20201231468", amount: 150000 },
      online_to_offline_info: { payment_code: "8896512345678123" },
      transaction: { status: "SUCCESS", original_request_id: "5b8e438f-fac1-4103-9e0e-ebfdc38b5acb" },
    });
    expect(log.last()).toMatchObject({
      router: "notification",
      reason: "handled",
      statusCode: 200,
      requestId: v3.inputs.request_id,
    });
  });

  it("tells the handler who sent the notification, under which keys", async () => {
    const seen: unknown[] = [];
    const router = createNotificationRouter({
      path: PATH,
      clients: CLIENTS,
      onPayment: (_n, ctx) => {
        seen.push(ctx.clientId, ctx.requestId, ctx.idempotencyKey, ctx.req.path, ctx.signal.aborted);
      },
    });
    const body = buildNotificationBody({ agentTrxId: "T-7" });
    await post(appWith(router), sign(body, "notify-ctx")).expect(200);
    expect(seen).toEqual([
      CLIENT_ID,
      "notify-ctx",
      notificationContentKey(CLIENT_ID, body as PaymentNotification),
      PATH,
      false,
    ]);
  });

  it("keeps unknown fields and reads a numeric payment code losslessly", async () => {
    const { app, calls } = setup();
    const body = JSON.stringify(
      buildNotificationBody({ paymentCode: "X", overrides: { brand_new: { a: 1 } } }),
    ).replace('"X"', "98965123456781239");
    await post(app, sign(body)).expect(200);
    expect(calls[0]).toMatchObject({
      brand_new: { a: 1 },
      online_to_offline_info: { payment_code: "98965123456781239" },
    });
  });

  it("runs the handler once for 20 identical concurrent notifications; no 2xx before it completed", async () => {
    let completedAt = 0;
    const { router, calls } = setup({}, async () => {
      await new Promise((r) => setTimeout(r, 150));
      completedAt = Date.now();
    });
    const server = await listen(appWith(router));
    try {
      const s = sign(buildNotificationBody({ invoiceNumber: "INV-CONC" }));
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          request(server.server)
            .post(PATH)
            .set(s.headers)
            .send(s.body.toString())
            .then((res) => ({ res, at: Date.now() })),
        ),
      );
      expect(calls).toHaveLength(1);
      for (const { res, at } of answers) {
        if (res.status >= 200 && res.status < 300) expect(at).toBeGreaterThanOrEqual(completedAt);
      }
      expect(answers.every(({ res }) => res.status === 200)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("answers a DOKU retry under a new Request-Id with 200 and no second call", async () => {
    const { app, calls, log } = setup();
    const body = buildNotificationBody({ agentTrxId: "TRX-1" });
    await post(app, sign(body, "first")).expect(200);
    await post(app, sign(body, "retry")).expect(200);
    expect(calls).toHaveLength(1);
    expect(log.last()).toMatchObject({ reason: "duplicate", replayed: true });
  });

  it("answers 200 only once the payment is recorded: a Redis lost after the answer cannot forget it", async () => {
    const inner = createMemoryStore();
    let recorded!: () => void;
    const gate = new Promise<void>((resolve) => (recorded = resolve));
    const slowRecord: DokuStore = {
      claim: (...args) => inner.claim(...args),
      complete: async (...args) => {
        await gate;
        return inner.complete(...args);
      },
      release: (...args) => inner.release(...args),
      renew: (...args) => inner.renew(...args),
    };
    const { app, calls } = setup({ store: slowRecord });
    const server = await listen(app);
    try {
      let answered = false;
      const first = post(
        server.server,
        sign(buildNotificationBody({ agentTrxId: "TRX-RECORDED-FIRST" }), "first"),
      ).then((r) => ((answered = true), r));
      await new Promise((r) => setTimeout(r, 50));
      expect(calls).toHaveLength(1);
      expect(answered).toBe(false);
      recorded();
      expect((await first).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("replays the same Request-Id without a second call", async () => {
    const { app, calls } = setup();
    const s = sign(buildNotificationBody(), "same");
    await post(app, s).expect(200);
    await post(app, s).expect(200);
    expect(calls).toHaveLength(1);
  });

  it("runs twice for two real payments of a reusable code", async () => {
    const { app, calls } = setup();
    await post(app, sign(buildNotificationBody({ invoiceNumber: "REUSE", agentTrxId: "TRX-A" }))).expect(200);
    await post(app, sign(buildNotificationBody({ invoiceNumber: "REUSE", agentTrxId: "TRX-B" }))).expect(200);
    expect(calls).toHaveLength(2);
  });

  it("answers 500 when the handler throws, and runs it again on the retry", async () => {
    let attempts = 0;
    const { app, calls, completions, log } = setup({}, async () => {
      attempts++;
      if (attempts === 1) throw new Error("db deadlock");
    });
    const body = buildNotificationBody();
    const first = await post(app, sign(body, "n-1"));
    expect(first.status).toBe(500);
    expect(log.last()).toMatchObject({ reason: "handler_error", level: "error" });
    expect(log.last().detail).toContain("db deadlock");
    await post(app, sign(body, "n-1")).expect(200);
    await post(app, sign(body, "n-2")).expect(200);
    expect(calls).toHaveLength(2);
    expect(completions).toHaveLength(1);
  });

  it("answers 500 past timeoutMs but never runs the handler twice while it is still going", async () => {
    let finish!: () => void;
    const { app, calls, log } = setup(
      { timeoutMs: 50 },
      () =>
        new Promise<void>((r) => {
          finish = r;
        }),
    );
    const body = buildNotificationBody();
    await post(app, sign(body, "slow-1")).expect(500);
    expect(log.last().reason).toBe("handler_timeout");
    const meanwhile = await post(app, sign(body, "slow-2"));
    expect(meanwhile.status).toBe(409);
    finish();
    await new Promise((r) => setTimeout(r, 20));
    await post(app, sign(body, "slow-3")).expect(200);
    expect(calls).toHaveLength(1);
  });

  it("releases the claim when a timed-out handler finally fails", async () => {
    let fail!: (e: Error) => void;
    let attempt = 0;
    const { app, calls } = setup({ timeoutMs: 50 }, () =>
      ++attempt === 1
        ? new Promise<void>((_r, j) => {
            fail = j;
          })
        : Promise.resolve(),
    );
    const body = buildNotificationBody();
    await post(app, sign(body)).expect(500);
    fail(new Error("late failure"));
    await new Promise((r) => setTimeout(r, 20));
    await post(app, sign(body)).expect(200);
    expect(calls).toHaveLength(2);
  });

  it.each([
    ["forged", () => sign(buildNotificationBody(), undefined, "SK-FORGED"), 401],
    ["signed with a stale secret", () => sign(buildNotificationBody(), undefined, "SK-FAKE-TEST-ONLY-OLD"), 401],
    [
      "body-swapped",
      () => {
        const s = sign(buildNotificationBody({ amount: 1 }));
        return { ...s, body: JSON.stringify(buildNotificationBody({ amount: 999 })) };
      },
      401,
    ],
    ["malformed JSON", () => sign("{oops"), 400],
    [
      "missing transaction.status",
      () => sign(buildNotificationBody({ overrides: { transaction: { date: "x" } } })),
      400,
    ],
    ["missing order.amount", () => sign(buildNotificationBody({ overrides: { order: { invoice_number: "I" } } })), 400],
    [
      "an unknown transaction status",
      () => sign(buildNotificationBody({ overrides: { transaction: { status: "MAYBE" } } })),
      400,
    ],
  ])("refuses a %s notification without calling the handler", async (_name, make, code) => {
    const { app, calls } = setup();
    const res = await post(app, make());
    expect(res.status).toBe(code);
    expect(res.headers["signature"]).toBeUndefined();
    if (code === 401) expect(res.body).toEqual({ error: "invalid_signature" });
    expect(calls).toEqual([]);
  });

  it("refuses a reused Request-Id with another body", async () => {
    const { app, calls, log } = setup();
    await post(app, sign(buildNotificationBody({ amount: 10 }), "dup")).expect(200);
    const res = await post(app, sign(buildNotificationBody({ amount: 20 }), "dup"));
    expect(res.status).toBe(401);
    expect(calls).toHaveLength(1);
    expect(log.last().reason).toBe("request_id_reused");
  });

  it("applies no timestamp window by default, and one when asked", async () => {
    const old = (tol?: number | false) => {
      const { app } = setup(tol === undefined ? {} : { timestampToleranceSec: tol });
      const s = signDokuRequest({
        clientId: CLIENT_ID,
        secretKey: SECRET,
        requestTarget: PATH,
        body: buildNotificationBody(),
        timestamp: Date.now() - 12 * 3600_000,
      });
      return post(app, s);
    };
    expect((await old()).status).toBe(200);
    expect((await old(300)).status).toBe(401);
  });

  it("answers 503 when the store is down, so DOKU retries and nothing runs", async () => {
    const down: DokuStore = {
      claim: async () => {
        throw new Error("ECONNREFUSED");
      },
      complete: async () => {
        throw new Error("ECONNREFUSED");
      },
      release: async () => {
        throw new Error("ECONNREFUSED");
      },
      renew: async () => {
        throw new Error("ECONNREFUSED");
      },
    };
    const { app, calls, log } = setup({ store: down });
    const res = await post(app, sign(buildNotificationBody()));
    expect(res.status).toBe(503);
    expect(calls).toEqual([]);
    expect(log.last()).toMatchObject({ reason: "store_unavailable", level: "error" });
  });

  it("answers 503 when the store fails on the payment key, and 200 with an error event when completion is lost", async () => {
    let claims = 0;
    const flaky: DokuStore = {
      claim: async () => {
        claims++;
        if (claims === 2) throw new Error("blip");
        return { state: "claimed", token: "t" };
      },
      complete: async () => {
        throw new Error("write lost");
      },
      release: async () => true,
      renew: async () => true,
    };
    const { app, calls, log } = setup({ store: flaky });
    await post(app, sign(buildNotificationBody())).expect(503);
    expect(calls).toHaveLength(0);
    await post(app, sign(buildNotificationBody())).expect(200);
    expect(calls).toHaveLength(1);
    expect(log.last()).toMatchObject({ reason: "handled", level: "error" });
  });

  it("mounts beside the inquiry router on one app", async () => {
    const { router } = setup();
    const inquiry = createInquiryRouter({
      path: "/payments/inquiry",
      clients: CLIENTS,
      lookupPaymentCode: () => ({ status: "billing_not_found" }),
    });
    const app = appWith(inquiry, router);
    await post(app, sign(buildNotificationBody())).expect(200);
  });
});
