import express from "express";

import { main } from "../../src/cli/main";
import type { Step } from "../../src/cli/simulate";
import { listen, type Running } from "../support/http";
import { capture } from "./captured-output";

// DOKU follows no redirect: a 3xx is the app's answer, a wrong one, whatever its body. simulate names it,
// with its status and Location, and lists it as the app's failure (exit 1).
const CLIENT = "MCH-MOVED";
const FIX = "give DOKU the final URL (https, the exact path and trailing slash), or stop the server redirecting POSTs";
let app: Running;

beforeAll(async () => {
  const e = express();
  e.post("/moved", (_req, res) => res.redirect(307, "/doku/inquiry/"));
  // A redirect whose body happens to be a DOKU answer is still a redirect.
  e.post("/moved-json", (_req, res) => {
    res
      .status(308)
      .location("https://shop.example/doku")
      .json({ online_to_offline_inquiry: { status: "success" } });
  });
  e.post("/nowhere", (_req, res) => res.status(303).end());
  app = await listen(e);
  process.env.DOKU_SECRET_KEY = "SK-MOVED-FAKE";
});
afterAll(async () => {
  delete process.env.DOKU_SECRET_KEY;
  await app.close();
});

async function simulate(action: "inquiry" | "notify", path: string, json = true) {
  const out = capture();
  const err = capture();
  const details = action === "notify" ? ["--invoice", "INV-MOVED", "--amount", "5"] : [];
  const argv = ["simulate", action, "--client-id", CLIENT, "--url", `${app.url}${path}`, "--payment-code", "1"];
  const code = await main([...argv, ...details, ...(json ? ["--json"] : [])], out, err);
  return { code, out: out.text, err: err.text };
}
const stepOf = (out: string) => (JSON.parse(out) as { steps: Step[] }).steps[0];

it("an inquiry answered with a redirect: its status and Location, and that DOKU does not follow it", async () => {
  const run = await simulate("inquiry", "/moved");
  expect(run).toMatchObject({ code: 1, err: "" });
  expect(stepOf(run.out)).toEqual({
    kind: "inquiry",
    url: `${app.url}/moved`,
    requestId: expect.any(String),
    httpStatus: 307,
    customerCanPay: false,
    problems: [
      "the answer is a redirect, HTTP 307 to Location /doku/inquiry/: DOKU does not follow redirects, so the " +
        `inquiry fails and the customer is declined at the till; ${FIX}`,
    ],
  });
  const printed = await simulate("inquiry", "/moved", false);
  expect(printed.code).toBe(1);
  expect(printed.out).toContain("\n  HTTP 307\n  ✗ the answer is a redirect, HTTP 307 to Location /doku/inquiry/: ");
});

it("a redirect whose body is a DOKU answer, or that has no Location, is a redirect all the same", async () => {
  expect(stepOf((await simulate("inquiry", "/moved-json")).out)?.problems).toEqual([
    "the answer is a redirect, HTTP 308 to Location https://shop.example/doku: DOKU does not follow redirects, so " +
      `the inquiry fails and the customer is declined at the till; ${FIX}`,
  ]);
  expect(stepOf((await simulate("inquiry", "/nowhere")).out)?.problems).toEqual([
    "the answer is a redirect, HTTP 303 with no Location: DOKU does not follow redirects, so the inquiry fails and " +
      `the customer is declined at the till; ${FIX}`,
  ]);
});

it("a notification answered with a redirect: named, and DOKU would send it again", async () => {
  const run = await simulate("notify", "/moved");
  expect(run.code).toBe(1);
  expect(stepOf(run.out)).toMatchObject({
    kind: "notification",
    httpStatus: 307,
    problems: [
      "the answer is a redirect, HTTP 307 to Location /doku/inquiry/: DOKU does not follow redirects and would " +
        `retry this notification in 30 minutes; ${FIX}`,
    ],
  });
});
