import { connect, type Socket } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

import { createInquiryRouter } from "../../src";
import { buildInquiryBody, signDokuRequest } from "../../src/testing";
import { appWith, eventLog, listen, type Running } from "../support/http";
import { rawPost } from "../support/raw-http";

// Slow and broken clients: cut off in bounded time, nothing leaks, everyone else is served.
const CLIENT_ID = "MCH-SLOW";
const SECRET = "SK-SLOW-TEST-KEY";
const PATH = "/doku/inquiry";
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

let server: Running;
const log = eventLog();
let port: number;

beforeAll(async () => {
  server = await listen(
    appWith(
      createInquiryRouter({
        path: PATH,
        clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }],
        bodyTimeoutMs: 500,
        onEvent: log.onEvent,
        lookupPaymentCode: () => ({ status: "billing_not_found" }),
      }),
    ),
  );
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

const head = (length: number) =>
  `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.on("error", reject);
  });
}

const valid = () => {
  const s = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: PATH, body: buildInquiryBody() });
  return rawPost(`${server.url}${PATH}`, s.headers, s.bytes);
};

it("cuts off a body sent one byte at a time, closes the connection, and serves others meanwhile", async () => {
  const socket = await open();
  let answer = "";
  socket.on("data", (d: Buffer) => {
    answer += d.toString();
  });
  const closed = new Promise<number>((resolve) => socket.on("close", () => resolve(Date.now())));
  const started = Date.now();
  socket.write(head(200));
  const drip = setInterval(() => {
    if (!socket.destroyed) socket.write("{");
  }, 100);
  try {
    const others = await Promise.all(Array.from({ length: 20 }, valid));
    expect(others.every((r) => r.status === 404)).toBe(true);
    const closedAt = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(closedAt - started).toBeLessThan(5_000);
    expect(log.events.some((e) => e.reason === "body_read_timeout")).toBe(true);
  } finally {
    clearInterval(drip);
    socket.destroy();
  }
});

it("leaks no timer, listener or memory after 1,000 clients abort mid-body", async () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
  const abortOnce = async () => {
    const socket = await open();
    socket.write(head(1000) + '{"service":');
    await new Promise((r) => setImmediate(r));
    socket.destroy();
    await new Promise((r) => socket.once("close", r));
  };
  for (let i = 0; i < 50; i++) await abortOnce(); // warm up
  await new Promise((r) => setTimeout(r, 100));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const timersBefore = timers();
  const listenersBefore = server.server.listenerCount("connection") + server.server.listenerCount("request");

  for (let round = 0; round < 50; round++) await Promise.all(Array.from({ length: 20 }, abortOnce));
  // A request whose socket closed before its body was awaited ends by the body timeout (500 ms):
  // give those their bounded time, then nothing may be left.
  for (let waited = 0; waited < 2_000 && timers() > timersBefore; waited += 50)
    await new Promise((r) => setTimeout(r, 50));
  gc();

  expect(timers()).toBeLessThanOrEqual(timersBefore);
  expect(server.server.listenerCount("connection") + server.server.listenerCount("request")).toBe(listenersBefore);
  expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(5 * 2 ** 20);
  expect((await valid()).status).toBe(404);
}, 60_000);
