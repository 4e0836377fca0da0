import express from "express";

import { callMerchant, fetchFromMerchant } from "../../src/emulator";
import { listen, type Running } from "../support/http";

// callMerchant and fetchFromMerchant never throw, whatever time limit they are given: Node's timers
// take whole milliseconds only, and `--timeout 1.0005` is 1000.5 of them.
let shop: Running;

beforeAll(async () => {
  const app = express();
  app.all("/answer", (_req, res) => res.json({ ok: true }));
  shop = await listen(app);
});
afterAll(() => shop.close());

const url = () => new URL(`${shop.url}/answer`);

it("takes a time limit with a fraction of a millisecond: the answer comes", async () => {
  const call = await callMerchant({
    url: url(),
    clientId: "MCH-LIMITS",
    secretKey: "SK-LIMITS-FAKE",
    body: Buffer.from("{}"),
    timeoutMs: 1000.5,
  });
  expect(call).toMatchObject({ ok: true, status: 200 });
  expect(await fetchFromMerchant(url(), { method: "GET" }, { timeoutMs: 2000.5 })).toMatchObject({ ok: true });
});

it("answers a time limit no timer takes with a failure, never a throw", async () => {
  for (const timeoutMs of [Number.NaN, -1])
    await expect(fetchFromMerchant(url(), { method: "GET" }, { timeoutMs })).resolves.toMatchObject({ ok: false });
});
