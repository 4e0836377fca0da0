import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

import express, { type Express, type RequestHandler } from "express";

import type { DokuEvent } from "../../src";

export interface Running {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1, on a free port. */
export function listen(app: Express): Promise<Running> {
  return new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export function appWith(...routers: RequestHandler[]): Express {
  const app = express();
  for (const router of routers) app.use(router);
  return app;
}

/** Everything an event says, its error's message and stack included, for the secret watch. */
function describeEvent(e: DokuEvent): string {
  const error = e.error instanceof Error ? `${e.error.message}\n${e.error.stack}` : JSON.stringify(e.error ?? "");
  return `${JSON.stringify({ ...e, error: undefined })} ${error}`;
}

export function eventLog(): { events: DokuEvent[]; onEvent: (e: DokuEvent) => void; last(): DokuEvent } {
  const events: DokuEvent[] = [];
  const observe = (globalThis as { __observeForSecrets?: (t: string) => void }).__observeForSecrets;
  return {
    events,
    onEvent: (e) => {
      events.push(e);
      observe?.(describeEvent(e));
    },
    last: () => {
      const e = events[events.length - 1];
      if (!e) throw new Error("no event was emitted");
      return e;
    },
  };
}
