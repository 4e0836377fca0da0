import express from "express";

import { DokuCaller } from "../../../src/cli/check/doku-caller";
import { listen, type Running } from "../../support/http";

// The order status URL is read as DOKU's calls are: a redirect not followed, an answer cut off past 1 MiB.
let shop: Running;
const followed: string[] = [];

beforeAll(async () => {
  const app = express();
  app.get("/orders/paid", (_req, res) => res.json({ paid: true }));
  app.get("/orders/moved", (_req, res) => res.redirect(302, "/there"));
  app.get("/orders/huge", (_req, res) => res.type("json").send(" ".repeat(2 * 1024 * 1024)));
  app.use("/there", (req, res) => {
    followed.push(req.originalUrl);
    res.json({ paid: true });
  });
  shop = await listen(app);
});
afterAll(() => shop.close());

const get = (path: string) =>
  new DokuCaller({ clientId: "MCH-GET", secretKey: "SK-GET-FAKE", timeoutMs: 5000, spacingMs: 0 }, [shop.url]).getJson(
    `${shop.url}${path}`,
  );

it("reads the order's JSON; a redirect is the answer, an answer over 1 MiB a failure", async () => {
  expect(await get("/orders/paid")).toEqual({ ok: true, status: 200, json: { paid: true } });
  expect(await get("/orders/moved")).toEqual({
    ok: false,
    detail: `${shop.url}/orders/moved answered HTTP 302, not JSON`,
  });
  expect(followed).toEqual([]);
  expect(await get("/orders/huge")).toEqual({ ok: false, detail: `${shop.url}/orders/huge: answer over 1 MiB` });
});
