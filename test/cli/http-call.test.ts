import express from "express";

import { CliError, refuseNonJsonAnswer, signedCall } from "../../src/cli/http-call";
import { listen, type Running } from "../support/http";

// `simulate` calls the app as DOKU does: a redirect is the app's answer, and an answer over 1 MiB is cut off.
let app: Running;
const followed: string[] = [];

beforeAll(async () => {
  const e = express();
  e.post("/moved", (_req, res) => res.redirect(307, "/there"));
  e.post("/huge", (_req, res) => res.type("json").send(" ".repeat(2 * 1024 * 1024)));
  e.use("/there", (req, res) => {
    followed.push(req.originalUrl);
    res.json({});
  });
  app = await listen(e);
});
afterAll(() => app.close());

const call = (path: string) =>
  signedCall({ url: `${app.url}${path}`, clientId: "MCH-HTTP", secretKey: "SK-HTTP-FAKE", body: {}, timeoutMs: 5000 });

it("takes a redirect as the answer: the 3xx, never followed", async () => {
  expect(await call("/moved")).toMatchObject({ status: 307 });
  expect(followed).toEqual([]);
});

it("cuts an answer over 1 MiB off, and says so", async () => {
  const failure = call("/huge");
  await expect(failure).rejects.toThrow(CliError);
  await expect(failure).rejects.toThrow(
    `${app.url}/huge: answer over 1 MiB, cut off there; is the URL the DOKU route, not a page?`,
  );
});

it("refuses an answer that is not JSON; JSON of any kind is the answer, for its checks", () => {
  const answer = (text: string) => ({
    requestId: "r",
    requestTarget: "/i",
    status: 200,
    headers: new Headers(),
    body: Buffer.from(text),
  });
  for (const json of ['{"a":1}', "[1, 2]", "null", "5"]) expect(() => refuseNonJsonAnswer(answer(json))).not.toThrow();
  expect(() => refuseNonJsonAnswer(answer("<p>[1, 2]</p>"))).toThrow(
    'the answer (HTTP 200) is not JSON: "<p>[1, 2]</p>"; is the URL the DOKU route, not a page?',
  );
});
