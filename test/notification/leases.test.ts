import { setTimeout as sleep } from "node:timers/promises";

import request from "supertest";

import { createMemoryStore, createNotificationRouter, type DokuStore } from "../../src";
import { buildNotificationBody, signDokuRequest } from "../../src/testing";
import { appWith, eventLog } from "../support/http";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// A lease that lasts as long as the work: two instances share one store, and a handler slower
// than both leaseMs and timeoutMs never runs twice. With timeoutMs 300 (under a sixth of the
// lease) the keeping starts at the deadline; with 5,000 it starts at the claim: both are covered.
const PATH = "/doku/notify";

function instance(store: DokuStore, onPayment: () => Promise<void>, extra = {}) {
  const log = eventLog();
  const app = appWith(
    createNotificationRouter({
      path: PATH,
      clients: CLIENTS,
      store,
      onPayment,
      onEvent: log.onEvent,
      leaseMs: 3_000,
      timeoutMs: 300,
      ...extra,
    }),
  );
  return { app, log };
}

it("renews the lease while a slow handler runs: duplicates get 409 until it ends, then 200, and it ran once", async () => {
  const store = createMemoryStore();
  let runs = 0;
  const slow = async () => {
    runs++;
    await sleep(8_000);
  };
  // A lease of 6 s, renewed every 2 s: a test worker starved of the CPU for up to about 4 s still holds it.
  const a = instance(store, slow, { leaseMs: 6_000 });
  const b = instance(store, slow, { leaseMs: 6_000 });
  const body = buildNotificationBody({ agentTrxId: "TRX-SLOW" });
  const send = (app: typeof a.app) => {
    const s = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: PATH, body });
    return request(app).post(PATH).set(s.headers).send(s.body);
  };
  expect((await send(a.app)).status).toBe(500); // timeoutMs passed; the handler goes on
  await sleep(1_000);
  expect((await send(b.app)).status).toBe(409);
  await sleep(5_500); // past the first lease of 6 s: only renewals keep it
  expect((await send(b.app)).status).toBe(409);
  await sleep(2_200); // the handler has finished and recorded itself
  expect((await send(b.app)).status).toBe(200);
  expect(b.log.last()).toMatchObject({ reason: "duplicate", replayed: true });
  expect(runs).toBe(1);
}, 20_000);

it("says so when the lease is lost while the handler runs, and records nothing over the new holder", async () => {
  const real = createMemoryStore();
  let renewals = 0;
  // A store whose renewals find the claim taken: as after a long pause of this process.
  const taken: DokuStore = {
    claim: (k, f, l) => real.claim(k, f, l),
    complete: (k, t, f, a, ttl) => real.complete(k, t, f, a, ttl),
    release: (k, t) => real.release(k, t),
    renew: async () => {
      renewals++;
      return false;
    },
  };
  const { app, log } = instance(taken, () => sleep(1_500), { timeoutMs: 5_000 });
  const s = signDokuRequest({
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: PATH,
    body: buildNotificationBody(),
  });
  const res = await request(app).post(PATH).set(s.headers).send(s.body);
  expect(res.status).toBe(200);
  expect(renewals).toBe(1);
  expect(log.last()).toMatchObject({ reason: "lease_lost", level: "error" });
  expect(log.last().detail).toBe(
    "onPayment finished, but the claim was taken over: its lease had run out: nothing was recorded",
  );
}, 10_000);

it("an event after the answer when a handler that outlived timeoutMs loses its lease", async () => {
  const real = createMemoryStore();
  const flaky: DokuStore = {
    claim: (k, f, l) => real.claim(k, f, l),
    complete: (k, t, f, a, ttl) => real.complete(k, t, f, a, ttl),
    release: (k, t) => real.release(k, t),
    renew: async () => {
      throw new Error("connection lost");
    },
  };
  const { app, log } = instance(flaky, () => sleep(1_500));
  const s = signDokuRequest({
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: PATH,
    body: buildNotificationBody(),
  });
  expect((await request(app).post(PATH).set(s.headers).send(s.body)).status).toBe(500);
  for (let i = 0; i < 40 && log.last().reason !== "lease_lost"; i++) await sleep(50);
  expect(log.last()).toMatchObject({
    reason: "lease_lost",
    level: "error",
    statusCode: 500,
    detail: "onPayment is still running but renewing the lease failed: connection lost; a retry may run it again",
  });
}, 10_000);

it("refuses a lease too short to renew in time", () => {
  expect(() =>
    createNotificationRouter({
      path: PATH,
      clients: CLIENTS,
      onPayment: () => undefined,
      leaseMs: 1_000,
      timeoutMs: 5_000,
    }),
  ).toThrow(
    new TypeError(
      "express-doku: option `leaseMs` is 1000; it must be at least 3000 ms: the lease is renewed every third of it while onPayment runs, and a renewal may take a second",
    ),
  );
});

it("refuses a lease or a timeout longer than a timer can wait (it would fire after 1 ms)", () => {
  const router = (times: { leaseMs?: number; timeoutMs?: number }) => () =>
    createNotificationRouter({ path: PATH, clients: CLIENTS, onPayment: () => undefined, ...times });
  expect(router({ leaseMs: 30 * 24 * 60 * 60 * 1000 })).toThrow(
    "option `leaseMs` must be at most 2147483647 ms (about 24.8 days, what a timer can wait), got 2592000000",
  );
  expect(router({ timeoutMs: 2_147_483_648 })).toThrow(
    "option `timeoutMs` must be at most 2147483647 ms (about 24.8 days, what a timer can wait), got 2147483648",
  );
});
