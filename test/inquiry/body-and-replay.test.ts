import { request as httpRequest } from "node:http";

import express from "express";
import request from "supertest";

import {
  createInquiryRouter,
  createMemoryStore,
  type DokuStore,
  type InquiryRouterOptions,
  type ResolverResult,
} from "../../src";
import { buildInquiryBody, signDokuRequest } from "../../src/testing";
import { appWith, eventLog, listen } from "../support/http";
import { signerFor } from "../support/routers";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

const PATH = "/doku/inquiry";

function routerWith(extra: Partial<InquiryRouterOptions> = {}) {
  const log = eventLog();
  const calls: string[] = [];
  const router = createInquiryRouter({
    path: PATH,
    clients: CLIENTS,
    lookupPaymentCode: async (code): Promise<ResolverResult> => {
      calls.push(code);
      await new Promise((r) => setTimeout(r, 20));
      return {
        status: "success",
        order: { invoice_number: `INV-${calls.length}`, amount: 1000 },
        customer: { name: "Ani" },
      };
    },
    onEvent: log.onEvent,
    ...extra,
  });
  return { router, calls, log };
}

const sign = (body: object | string = buildInquiryBody(), requestId?: string) => signerFor(PATH)(body, { requestId });

describe("reading the raw body", () => {
  it("works mounted before any body parser", async () => {
    const { router, calls } = routerWith();
    const app = express();
    app.use(router);
    app.use(express.json());
    const s = sign();
    await request(app).post(PATH).set(s.headers).send(s.body.toString()).expect(200);
    expect(calls).toHaveLength(1);
  });

  it.each([
    ["a Buffer", (buf: Buffer) => buf],
    ["a string", (buf: Buffer) => buf.toString("utf8")],
  ])("reuses req.rawBody kept as %s by an upstream express.json({ verify })", async (_name, keep) => {
    const { router, calls } = routerWith();
    const app = express();
    app.use(
      express.json({
        verify: (req, _res, buf) => {
          (req as unknown as { rawBody: unknown }).rawBody = keep(buf);
        },
      }),
    );
    app.use(router);
    const pretty = JSON.stringify(buildInquiryBody({ paymentCode: "9896512345678123" }), null, 2);
    const s = sign(pretty);
    await request(app).post(PATH).set(s.headers).send(pretty).expect(200);
    expect(calls).toEqual(["9896512345678123"]);
  });

  it("answers 500 at once, with an event naming the fix, when a parser consumed the body", async () => {
    const { router, calls, log } = routerWith();
    const app = express();
    app.use(express.json());
    app.use(router);
    const s = sign();
    const res = await request(app).post(PATH).set(s.headers).send(s.body.toString());
    expect(res.status).toBe(500);
    expect(res.headers["signature"]).toBeUndefined();
    expect(calls).toEqual([]);
    expect(log.last()).toMatchObject({ reason: "body_already_consumed", level: "error", statusCode: 500 });
    expect(log.last().detail).toMatch(/express\.json\(\{ verify/);
  });

  it("refuses a body over the limit with 413 before reading it", async () => {
    const { router, calls, log } = routerWith({ limit: 1024 });
    const server = await listen(appWith(router));
    try {
      const status = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = httpRequest(
          `${server.url}${PATH}`,
          { method: "POST", headers: { "Content-Length": "1048576", "Content-Type": "application/json" } },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode as number, connection: res.headers.connection });
          },
        );
        req.on("error", reject);
        req.write("{"); // the rest never comes: the answer must not wait for it
      });
      expect(status).toEqual({ status: 413, connection: "close" });
      expect(calls).toEqual([]);
      expect(log.last()).toMatchObject({ reason: "body_too_large", statusCode: 413 });
    } finally {
      await server.close();
    }
  });

  it("cuts a chunked body at the limit", async () => {
    const { router, log } = routerWith({ limit: 100 });
    const server = await listen(appWith(router));
    try {
      const s = sign(JSON.stringify(buildInquiryBody({ overrides: { pad: "x".repeat(500) } })));
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${server.url}${PATH}`, { method: "POST", headers: s.headers }, (res) => {
          res.resume();
          resolve(res.statusCode as number);
        });
        req.on("error", reject);
        req.write(s.bytes.subarray(0, 50));
        req.write(s.bytes.subarray(50));
      });
      expect(status).toBe(413);
      expect(log.last().reason).toBe("body_too_large");
    } finally {
      await server.close();
    }
  });

  it("refuses a kept raw body over the limit", async () => {
    const { router } = routerWith({ limit: 10 });
    const app = express();
    app.use(
      express.json({
        verify: (req, _res, buf) => {
          (req as unknown as { rawBody: Buffer }).rawBody = buf;
        },
      }),
    );
    app.use(router);
    const s = sign();
    await request(app).post(PATH).set(s.headers).send(s.body.toString()).expect(413);
  });

  it("gives up on a body that does not arrive within bodyTimeoutMs", async () => {
    const { router, log } = routerWith({ bodyTimeoutMs: 100 });
    const server = await listen(appWith(router));
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          `${server.url}${PATH}`,
          { method: "POST", headers: { "Content-Length": "50" } },
          (res) => {
            res.resume();
            resolve(res.statusCode as number);
          },
        );
        req.on("error", reject);
        req.write("{");
      });
      expect(status).toBe(408);
      expect(log.last().reason).toBe("body_read_timeout");
    } finally {
      await server.close();
    }
  });
});

describe("Request-Id replay", () => {
  it("answers a repeat with the byte-identical answer and no second resolver call", async () => {
    let clock = Date.parse("2024-01-01T00:00:00Z");
    const { router, calls, log } = routerWith({ now: () => clock });
    const app = appWith(router);
    const s = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: PATH,
      body: buildInquiryBody(),
      requestId: "same-id",
      timestamp: clock,
    });
    const first = await request(app).post(PATH).set(s.headers).send(s.body.toString());
    clock += 2000;
    const second = await request(app).post(PATH).set(s.headers).send(s.body.toString());
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers["signature"]).toBe(first.headers["signature"]);
    expect(second.headers["response-timestamp"]).toBe(first.headers["response-timestamp"]);
    expect(calls).toHaveLength(1);
    expect(log.last()).toMatchObject({ replayed: true, reason: "resolved", level: "info", statusCode: 200 });
  });

  it("replays a non-ASCII answer byte for byte", async () => {
    const { router } = routerWith({
      lookupPaymentCode: () => ({
        status: "success",
        order: { invoice_number: "INV-Ü", amount: 1 },
        customer: { name: "José Budiman ✓ 🙂" },
        info: "Terima kasih – Émile",
      }),
    });
    const app = appWith(router);
    const s = sign(buildInquiryBody(), "utf8-replay");
    const first = await request(app).post(PATH).set(s.headers).send(s.body.toString());
    const second = await request(app).post(PATH).set(s.headers).send(s.body.toString());
    expect(first.text).toContain("José Budiman ✓ 🙂");
    expect(Buffer.from(second.text)).toEqual(Buffer.from(first.text));
    expect(second.headers["signature"]).toBe(first.headers["signature"]);
    expect(second.headers["content-length"]).toBe(first.headers["content-length"]);
  });

  it("answers concurrent repeats once, identically", async () => {
    const { router, calls } = routerWith();
    const server = await listen(appWith(router));
    try {
      const s = sign(buildInquiryBody(), "concurrent-id");
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => request(server.server).post(PATH).set(s.headers).send(s.body.toString())),
      );
      expect(calls).toHaveLength(1);
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      expect(new Set(answers.map((a) => a.headers["signature"])).size).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("refuses the same Request-Id with another body as invalid_signature", async () => {
    const { router, calls, log } = routerWith();
    const app = appWith(router);
    const a = sign(buildInquiryBody({ paymentCode: "1" }), "reused");
    const b = sign(buildInquiryBody({ paymentCode: "2" }), "reused");
    await request(app).post(PATH).set(a.headers).send(a.body.toString()).expect(200);
    const res = await request(app).post(PATH).set(b.headers).send(b.body.toString());
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ online_to_offline_inquiry: { status: "invalid_signature" } });
    expect(res.headers["signature"]).toBeUndefined();
    expect(calls).toEqual(["1"]);
    expect(log.last()).toMatchObject({
      reason: "request_id_reused",
      level: "warn",
      inquiryStatus: "invalid_signature",
      detail: "this Request-Id was already used with another body: a replay attempt",
    });
  });

  it.each([
    [{}, 600_000],
    [{ timestampToleranceSec: 100 }, 200_000],
    [{ timestampToleranceSec: 10 }, 60_000],
    [{ timestampToleranceSec: false as const }, 86_400_000],
  ])("keeps answers for twice the timestamp window, at least a minute, a day without one (%j)", async (extra, ttl) => {
    const seen: Array<{ leaseMs?: number; ttlMs?: number }> = [];
    const spy: DokuStore = {
      claim: async (_key, _fp, leaseMs) => {
        seen.push({ leaseMs });
        return { state: "claimed", token: "t" };
      },
      complete: async (_key, _token, _fp, _answer, ttlMs) => {
        seen.push({ ttlMs });
        return true;
      },
      release: async () => true,
      renew: async () => true,
    };
    const { router } = routerWith({ store: spy, timeoutMs: 1_000, ...extra });
    const s = sign();
    await request(appWith(router)).post(PATH).set(s.headers).send(s.body.toString()).expect(200);
    // The claim is leased for twice the resolver's budget and five seconds more.
    expect(seen).toEqual([{ leaseMs: 7_000 }, { ttlMs: ttl }]);
  });

  it("keeps the default store bounded", async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    const { router } = routerWith({ store });
    const app = appWith(router);
    for (let i = 0; i < 6; i++) {
      const s = sign();
      await request(app).post(PATH).set(s.headers).send(s.body.toString()).expect(200);
    }
    expect(store.size).toBe(3);
  });

  it("still answers the customer when the store fails, with an error event", async () => {
    const broken: DokuStore = {
      claim: async () => {
        throw new Error("store offline");
      },
      complete: async () => {
        throw new Error("store offline");
      },
      release: async () => true,
      renew: async () => true,
    };
    const { router, calls, log } = routerWith({ store: broken });
    const s = sign();
    await request(appWith(router)).post(PATH).set(s.headers).send(s.body.toString()).expect(200);
    expect(calls).toHaveLength(1);
    expect(log.last()).toMatchObject({ level: "error", reason: "resolved" });
    expect(log.last().detail).toMatch(/without the replay check/);
  });

  it("reports an answer it could not store", async () => {
    const half: DokuStore = {
      claim: async () => ({ state: "claimed", token: "t" }),
      complete: async () => {
        throw new Error("write failed");
      },
      release: async () => true,
      renew: async () => true,
    };
    const { router, log } = routerWith({ store: half });
    const s = sign();
    await request(appWith(router)).post(PATH).set(s.headers).send(s.body.toString()).expect(200);
    expect(log.last()).toMatchObject({ level: "error", reason: "resolved" });
    expect(log.last().detail).toMatch(/not stored/);
  });

  it("answers before it records the answer, and a repeat arriving in between waits for the record", async () => {
    const inner = createMemoryStore();
    let recorded!: () => void;
    const gate = new Promise<void>((resolve) => (recorded = resolve));
    const order: string[] = [];
    const slowRecord: DokuStore = {
      claim: (...args) => inner.claim(...args),
      complete: async (...args) => {
        order.push("record started");
        await gate;
        order.push("recorded");
        return inner.complete(...args);
      },
      release: (...args) => inner.release(...args),
      renew: (...args) => inner.renew(...args),
    };
    const { router, calls, log } = routerWith({ store: slowRecord });
    const server = await listen(appWith(router));
    try {
      const s = sign(buildInquiryBody(), "answered-then-recorded");
      const first = await request(server.server).post(PATH).set(s.headers).send(s.body.toString());
      expect(first.status).toBe(200);
      expect(order).toEqual(["record started"]);
      expect(log.events).toHaveLength(0);

      let repeatAnswered = false;
      const repeat = request(server.server)
        .post(PATH)
        .set(s.headers)
        .send(s.body.toString())
        .then((r) => ((repeatAnswered = true), r));
      await new Promise((r) => setTimeout(r, 50));
      expect(repeatAnswered).toBe(false);
      recorded();
      const second = await repeat;
      expect(second.status).toBe(200);
      expect(second.text).toBe(first.text);
      expect(second.headers["signature"]).toBe(first.headers["signature"]);
      expect(calls).toHaveLength(1);
      expect(log.events.map((e) => [e.reason, e.replayed])).toEqual([
        ["resolved", false],
        ["resolved", true],
      ]);
    } finally {
      await server.close();
    }
  });

  it("declines when the first request with the Request-Id never finishes", async () => {
    let polls = 0;
    const stuck: DokuStore = {
      claim: async (_key, fingerprint) => {
        polls++;
        return { state: "pending", fingerprint };
      },
      complete: async () => true,
      release: async () => true,
      renew: async () => true,
    };
    const { router, log } = routerWith({ store: stuck, timeoutMs: 10 });
    const s = sign();
    const res = await request(appWith(router)).post(PATH).set(s.headers).send(s.body.toString());
    // It keeps asking for a second past the resolver's 10 ms budget (backing off from 5 ms to
    // 100 ms: about 15 polls) before it gives up; without that second it would ask once or twice.
    expect(polls).toBeGreaterThanOrEqual(10);
    expect(res.status).toBe(400);
    expect(log.last()).toMatchObject({
      reason: "in_progress",
      detail: "the first request with this Request-Id is still being answered",
    });
  });
});
