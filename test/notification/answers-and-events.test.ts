import request from "supertest";

import { createNotificationRouter, type DokuStore, type NotificationRouterOptions } from "../../src";
import { buildNotificationBody } from "../../src/testing";
import { appWith, eventLog } from "../support/http";
import { signerFor } from "../support/routers";
import { CLIENTS } from "../support/vectors";

const PATH = "/doku/notify";
const sign = (body: object | string, requestId?: string) => signerFor(PATH)(body, { requestId });

function setup(extra: Partial<NotificationRouterOptions> = {}) {
  const log = eventLog();
  const app = appWith(
    createNotificationRouter({
      path: PATH,
      clients: CLIENTS,
      onPayment: async () => undefined,
      onEvent: log.onEvent,
      ...extra,
    }),
  );
  const post = (s: ReturnType<typeof sign>) => request(app).post(PATH).set(s.headers).send(s.body.toString());
  return { app, log, post };
}

describe("notification answers and events", () => {
  it("answers a handled payment with {status: OK} and an event that names the payment", async () => {
    const { log, post } = setup();
    const res = await post(sign(buildNotificationBody({ paymentCode: "777" }))).expect(200);
    expect(res.text).toBe('{"status":"OK"}');
    expect(log.last()).toMatchObject({
      router: "notification",
      reason: "handled",
      level: "info",
      replayed: false,
      paymentCode: "777",
      statusCode: 200,
      detail: "onPayment completed; DOKU got its 200",
    });
    expect(log.last().idempotencyKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("answers duplicates with the same bytes and says they were replayed", async () => {
    const { log, post } = setup();
    const body = buildNotificationBody({ agentTrxId: "TRX-9", paymentCode: "55" });
    const first = await post(sign(body, "one")).expect(200);
    const again = await post(sign(body, "one")).expect(200);
    expect(again.text).toBe(first.text);
    expect(log.last()).toMatchObject({
      reason: "duplicate",
      level: "info",
      replayed: true,
      statusCode: 200,
      detail: "a repeat of a handled Request-Id: answered 200 again; onPayment not run",
    });
    const retry = await post(sign(body, "two")).expect(200);
    expect(retry.text).toBe('{"status":"OK"}');
    expect(log.last()).toMatchObject({
      reason: "duplicate",
      level: "info",
      replayed: true,
      paymentCode: "55",
      detail: "the same payment under a new Request-Id: answered 200; onPayment not run again",
    });
    expect(log.last().idempotencyKey).toBe(log.events[0]?.idempotencyKey);
  });

  it("refuses with bodies that name the reason, and invalid_signature for every 401", async () => {
    const { log, post } = setup();
    await post(sign(buildNotificationBody({ amount: 10 }), "dup")).expect(200);
    const reused = await post(sign(buildNotificationBody({ amount: 20 }), "dup")).expect(401);
    expect(reused.text).toBe('{"error":"invalid_signature"}');
    expect(log.last()).toMatchObject({
      reason: "request_id_reused",
      level: "warn",
      detail: "this Request-Id was already used with another body: a replay attempt",
    });
    const malformed = await post(sign({ hello: "world" })).expect(400);
    expect(malformed.text).toBe('{"error":"invalid_request"}');
    expect(log.last()).toMatchObject({ reason: "invalid_request", level: "warn" });
    expect(String(log.last().detail)).toContain("service");
    const bad = sign(buildNotificationBody());
    const unsigned = await request(setup().app)
      .post(PATH)
      .set({ ...bad.headers, Signature: "" })
      .send(bad.body.toString())
      .expect(401);
    expect(unsigned.text).toBe('{"error":"invalid_signature"}');
    const tooBig = await request(setup({ limit: 10 }).app)
      .post(PATH)
      .set(bad.headers)
      .send(bad.body.toString())
      .expect(413);
    expect(tooBig.text).toBe('{"error":"body_too_large"}');
  });

  it("answers 409 while the same notification, or the same payment, is still being handled", async () => {
    // Someone else holds every payment key, and the request key of Request-Id "held".
    const busy: DokuStore = {
      claim: async (key, fingerprint) =>
        key.startsWith("notification:payment:") || key.endsWith(":held")
          ? { state: "pending", fingerprint }
          : { state: "claimed", token: "t" },
      complete: async () => true,
      release: async () => true,
      renew: async () => true,
    };
    const byPayment = setup({ store: busy, timeoutMs: 10 });
    const res = await byPayment.post(sign(buildNotificationBody())).expect(409);
    expect(res.text).toBe('{"error":"in_progress"}');
    expect(byPayment.log.last()).toMatchObject({
      reason: "in_progress",
      level: "warn",
      detail: "the same payment is still being handled under another Request-Id",
    });
    expect(byPayment.log.last().idempotencyKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const byRequest = setup({ store: busy, timeoutMs: 10 });
    await byRequest.post(sign(buildNotificationBody(), "held")).expect(409);
    expect(byRequest.log.last()).toMatchObject({
      reason: "in_progress",
      detail: "the same notification is still being handled",
    });
  });

  it("leases a claim for 15 minutes and keeps a finished payment for 7 days unless told otherwise", async () => {
    const seen: string[] = [];
    const spy: DokuStore = {
      claim: async (key, _fp, leaseMs) => {
        seen.push(`claim ${key.split(":")[1]} ${leaseMs}`);
        return { state: "claimed", token: "t" };
      },
      complete: async (key, _token, _fp, _answer, ttlMs) => {
        seen.push(`complete ${key.split(":")[1]} ${ttlMs}`);
        return true;
      },
      release: async () => true,
      renew: async () => true,
    };
    await setup({ store: spy }).post(sign(buildNotificationBody())).expect(200);
    expect(seen).toEqual([
      "claim request 900000",
      "claim payment 900000",
      "complete payment 604800000",
      "complete request 604800000",
    ]);
    seen.length = 0;
    await setup({ store: spy, leaseMs: 3_000, retentionMs: 2_000 }).post(sign(buildNotificationBody())).expect(200);
    expect(seen).toEqual([
      "claim request 3000",
      "claim payment 3000",
      "complete payment 2000",
      "complete request 2000",
    ]);
  });

  it("records the payment and the request together, and answers only once both are recorded", async () => {
    const started: string[] = [];
    let finish = (_recorded: boolean) => {};
    const recorded = new Promise<boolean>((resolve) => (finish = resolve));
    const store: DokuStore = {
      claim: async () => ({ state: "claimed", token: "t" }),
      complete: (key) => {
        started.push(key.split(":")[1] as string);
        return recorded;
      },
      release: async () => true,
      renew: async () => true,
    };
    const { post, log } = setup({ store });
    let answered = false;
    const answer = post(sign(buildNotificationBody())).then((res) => {
      answered = true;
      return res;
    });
    // Until the first record is asked for; a second asked for with it is asked for in the same turn.
    while (started.length === 0) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const before = { started: [...started], answered };
    finish(true);
    expect((await answer).status).toBe(200);
    expect(before).toEqual({ started: ["payment", "request"], answered: false });
    expect(log.last()).toMatchObject({ reason: "handled", level: "info" });
  });

  it("says so when the payment's claim was lost by the time it was recorded", async () => {
    const store: DokuStore = {
      claim: async () => ({ state: "claimed", token: "t" }),
      complete: async (key) => !key.startsWith("notification:payment:"),
      release: async () => true,
      renew: async () => true,
    };
    const { post, log } = setup({ store });
    await post(sign(buildNotificationBody())).expect(200);
    expect(log.last()).toMatchObject({
      reason: "handled",
      level: "error",
      detail: "handled, but its claim was no longer held: completion was not recorded",
    });
  });

  it("names the budget when the handler runs past it, and the store's failure", async () => {
    const slow = setup({ timeoutMs: 20, onPayment: () => new Promise((r) => setTimeout(r, 200)) });
    const res = await slow.post(sign(buildNotificationBody())).expect(500);
    expect(res.text).toBe('{"error":"handler_timeout"}');
    expect(slow.log.last()).toMatchObject({
      reason: "handler_timeout",
      level: "error",
      detail: "onPayment did not finish within 20 ms; DOKU will retry",
    });
    const down: DokuStore = {
      claim: async () => {
        throw new Error("ECONNREFUSED");
      },
      complete: async () => true,
      release: async () => true,
      renew: async () => true,
    };
    const failing = setup({ store: down });
    await failing.post(sign(buildNotificationBody())).expect(503);
    expect(failing.log.last().detail).toBe("idempotency store unavailable; DOKU will retry later: Error: ECONNREFUSED");
  });

  it("gives the handler a signal that aborts at the deadline", async () => {
    let signal: AbortSignal | undefined;
    const app = setup({
      timeoutMs: 20,
      onPayment: (_n, ctx) => {
        signal = ctx.signal;
        return new Promise((r) => setTimeout(r, 100));
      },
    });
    await app.post(sign(buildNotificationBody())).expect(500);
    expect(signal?.aborted).toBe(true);
  });
});
