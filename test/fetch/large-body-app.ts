import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { getRequestListener } from "@hono/node-server";

import { createInquiryHandler } from "../../src/fetch";

// The fetch inquiry handler behind Node's http server (@hono/node-server's bridge), in a process
// of its own so that its RSS is the handler's. Run with --expose-gc; the parent asks over IPC.
const gc = (globalThis as { gc?: () => void }).gc as () => void;
const rss = () => process.memoryUsage.rss();

const reasons: string[] = [];
/** RSS when each Response was handed back: the moment a handler that held the body would still hold it. */
const atAnswer: number[] = [];

const handler = createInquiryHandler({
  path: "/doku/inquiry",
  clients: [{ clientId: process.env.CLIENT_ID as string, secretKeys: [process.env.SECRET as string] }],
  onEvent: (event) => reasons.push(event.reason),
  lookupPaymentCode: () => ({ status: "billing_not_found" }),
});
const listener = getRequestListener(async (request: Request) => {
  const response = await handler(request);
  atAnswer.push(rss());
  return response;
});
const server = createServer((req, res) => void listener(req, res));

/** RSS once it holds still: after start-up, pages freed by the collector leave it over a second or so. */
async function settledRss(): Promise<number> {
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 30; i++) {
    gc();
    await new Promise((done) => setTimeout(done, 100));
    const now = rss();
    if (Math.abs(now - last) < 256 * 1024) return now;
    last = now;
  }
  return last;
}

async function onMessage(message: string): Promise<void> {
  if (message === "start") {
    const before = await settledRss();
    reasons.length = 0;
    atAnswer.length = 0;
    process.send?.({ before });
  } else if (message === "stop") {
    gc();
    gc();
    process.send?.({ afterGc: rss(), atAnswer: [...atAnswer], reasons: [...reasons] });
  }
}
process.on("message", (message: string) => void onMessage(message));

server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
