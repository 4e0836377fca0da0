import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { main } from "../../src/cli/main";
import type { Step } from "../../src/cli/simulate";
import { capture } from "./captured-output";

// An answer whose headers came and whose body then broke off (the app died mid-answer) or stalled past
// the time limit: the app did answer, but DOKU takes an answer cut short as no answer. That is the
// app's failure (exit 1, listed), not a URL nobody answers at (exit 2).
const CLIENT = "MCH-CUT";
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.write("{");
    if (req.url === "/dies") setTimeout(() => res.socket?.destroy(), 20);
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", () => listening()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.DOKU_SECRET_KEY = "SK-CUT-FAKE";
});
afterAll(async () => {
  delete process.env.DOKU_SECRET_KEY;
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
});

async function simulate(action: "inquiry" | "notify", path: string, ...rest: string[]) {
  const out = capture();
  const err = capture();
  const details = action === "notify" ? ["--invoice", "INV-CUT", "--amount", "5"] : [];
  const argv = ["simulate", action, "--client-id", CLIENT, "--url", `${url}${path}`, "--payment-code", "1"];
  const code = await main([...argv, ...details, ...rest, "--json"], out, err);
  return { code, err: err.text, steps: (JSON.parse(out.text) as { steps?: Step[] }).steps };
}

const DECLINED =
  "DOKU takes an answer cut short as no answer: the inquiry fails and the customer is declined at the till";
const RETRIED = "DOKU takes an answer cut short as no answer and would retry this notification in 30 minutes";

it("an inquiry answer that broke off: it began, with its status, and DOKU takes it as no answer", async () => {
  const run = await simulate("inquiry", "/dies");
  expect(run).toMatchObject({ code: 1, err: "" });
  expect(run.steps).toEqual([
    {
      kind: "inquiry",
      url: `${url}/dies`,
      requestId: expect.any(String),
      httpStatus: 200,
      customerCanPay: false,
      problems: [`the answer began (HTTP 200) but broke off before its end: ${DECLINED}`],
    },
  ]);
});

it("an inquiry answer that stalled past --timeout: it began, and did not end in time", async () => {
  const run = await simulate("inquiry", "/stalls", "--timeout", "0.3");
  expect(run.code).toBe(1);
  expect(run.steps?.[0]).toMatchObject({
    httpStatus: 200,
    problems: [
      `the answer began (HTTP 200) but did not end within 300 ms (is the app stuck, or raise --timeout): ${DECLINED}`,
    ],
  });
});

it("a notification answer cut short: DOKU would send it again", async () => {
  const died = await simulate("notify", "/dies");
  expect(died.code).toBe(1);
  expect(died.steps?.[0]).toMatchObject({
    kind: "notification",
    httpStatus: 200,
    problems: [`the answer began (HTTP 200) but broke off before its end: ${RETRIED}`],
  });
  const stalled = await simulate("notify", "/stalls", "--timeout", "0.3");
  expect(stalled.steps?.[0]?.problems).toEqual([
    `the answer began (HTTP 200) but did not end within 300 ms (is the app stuck, or raise --timeout): ${RETRIED}`,
  ]);
});
