// The mountings that run in the test's own process, each a real server on 127.0.0.1.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { serve } from "@hono/node-server";
import Fastify from "fastify";
import { Hono } from "hono";

import { createInquiryRouter, createNotificationRouter, type DokuStore } from "../../src";
import { dokuInquiry, dokuNotification } from "../../src/fastify";
import { createInquiryHandler, createNotificationHandler } from "../../src/fetch";
import { appWith, listen } from "../support/http";
import { INQUIRY_PATH, type Mounted, NOTIFICATION_PATH } from "./battery";
import { type ConformanceMerchant, conformanceMerchant } from "./merchant";

export interface Mounting {
  name: string;
  start(stores?: { inquiry?: DokuStore; notification?: DokuStore }): Promise<Mounted>;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });
}

async function served(server: Server, merchant: ConformanceMerchant): Promise<Mounted> {
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    record: async () => merchant.record,
    close: () => closeServer(server),
  };
}

/** A fetch function served by @hono/node-server, Node's own server under a Request/Response bridge. */
async function servedFetch(fetch: (request: Request) => Response | Promise<Response>, merchant: ConformanceMerchant) {
  const server = await new Promise<Server>((ready) => {
    const s = serve({ fetch, hostname: "127.0.0.1", port: 0 }, () => ready(s as Server));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    record: async () => merchant.record,
    close: () => closeServer(server),
  };
}

/** The fetch handlers at their paths, anything else 404: a route table as a framework keeps one. */
function fetchRoutes(merchant: ConformanceMerchant) {
  const inquiry = createInquiryHandler(merchant.inquiry);
  const notification = createNotificationHandler(merchant.notification);
  return { inquiry, notification };
}

const ALL_MOUNTINGS: Mounting[] = [
  {
    name: "Express",
    async start(stores) {
      const merchant = conformanceMerchant(stores);
      const app = appWith(
        createInquiryRouter({ path: INQUIRY_PATH, ...merchant.inquiry }),
        createNotificationRouter({ path: NOTIFICATION_PATH, ...merchant.notification }),
      );
      const running = await listen(app);
      return { url: running.url, record: async () => merchant.record, close: running.close };
    },
  },
  {
    name: "node:http",
    async start(stores) {
      const merchant = conformanceMerchant(stores);
      const inquiry = createInquiryRouter({ path: INQUIRY_PATH, ...merchant.inquiry });
      const notification = createNotificationRouter({ path: NOTIFICATION_PATH, ...merchant.notification });
      const server = createServer((req, res) =>
        inquiry(req as never, res as never, () =>
          notification(req, res, () => {
            res.statusCode = 404;
            res.end();
          }),
        ),
      );
      return served(server, merchant);
    },
  },
  {
    name: "fetch handlers on @hono/node-server",
    async start(stores) {
      const merchant = conformanceMerchant(stores);
      const { inquiry, notification } = fetchRoutes(merchant);
      const fetch = (request: Request) => {
        const { pathname } = new URL(request.url);
        if (pathname === INQUIRY_PATH) return inquiry(request);
        if (pathname === NOTIFICATION_PATH) return notification(request);
        return new Response(null, { status: 404 });
      };
      return servedFetch(fetch, merchant);
    },
  },
  {
    name: "Hono",
    async start(stores) {
      const merchant = conformanceMerchant(stores);
      const { inquiry, notification } = fetchRoutes(merchant);
      const app = new Hono();
      app.post(INQUIRY_PATH, (c) => inquiry(c.req.raw));
      app.post(NOTIFICATION_PATH, (c) => notification(c.req.raw));
      return servedFetch(app.fetch, merchant);
    },
  },
  {
    name: "Fastify",
    async start(stores) {
      const merchant = conformanceMerchant(stores);
      const app = Fastify();
      await app.register(dokuInquiry, { path: INQUIRY_PATH, ...merchant.inquiry });
      await app.register(dokuNotification, { path: NOTIFICATION_PATH, ...merchant.notification });
      const url = await app.listen({ port: 0, host: "127.0.0.1" });
      return { url, record: async () => merchant.record, close: () => app.close() };
    },
  },
];

// Under Express 4 only Express changes: the other mountings run once, in the Express 5 project.
const expressMajor = (globalThis as { EXPRESS_MAJOR?: number }).EXPRESS_MAJOR;
export const IN_PROCESS_MOUNTINGS =
  expressMajor === 4 ? ALL_MOUNTINGS.filter((m) => m.name === "Express") : ALL_MOUNTINGS;
