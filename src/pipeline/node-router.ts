import type { IncomingMessage, ServerResponse } from "node:http";

import { type Answer, writeAnswer } from "../http/answer";
import { readRawBody } from "../http/read-raw-body";
import { routePathMatcher } from "../http/route-path";
import { readSignedHeaders } from "../http/signed-headers";
import { createReceiver, headerForEvent, type ReceiverParts, type RequestPort } from "./create-receiver";
import { pathMismatchCheck } from "./path-mismatch";

/**
 * A router: Express middleware (`app.use(router)`), and a handler for a plain node:http server,
 * `router(req, res, next)`, where `next()` means "not this router's path" and `next(error)` an
 * error the router could not answer.
 */
export type DokuRouter = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

// Connections that got an answer closing them. A request pipelined behind it may already be
// parsed: it is never processed, and the connection closes once the answer is out.
const closing = new WeakSet<object>();

/** Whether an answer closing this request's connection was written: nothing more is processed on it. */
export const isClosing = (req: IncomingMessage) => closing.has(req.socket);

// Express's request is node:http's, extended: `originalUrl` is read when there. Fastify's
// adapter writes through it too, on its request's node:http response.
export const NODE_PORT: RequestPort<IncomingMessage, ServerResponse> = {
  readBody: readRawBody,
  urls: (req) => req,
  write(res: ServerResponse, answer: Answer, closeConnection: boolean): void {
    if (closeConnection) closing.add(res.req.socket);
    writeAnswer(res, answer, closeConnection);
  },
};

/** The pipeline as middleware for one POST route: anything else goes on to the app's next handler. */
export function createNodeRouter(parts: ReceiverParts<IncomingMessage>): DokuRouter {
  const { config, spec } = parts;
  const receive = createReceiver(parts, NODE_PORT);
  const matches = routePathMatcher(config.path as string);
  const mismatch = pathMismatchCheck(config.path as string, config.keyring);
  // Until a mis-given `path` is reported (once per router) or a request on `path` proves it right.
  let watchingPath = config.emit !== undefined;

  function reportPathMismatch(req: IncomingMessage): void {
    const detail = mismatch(req);
    if (detail === undefined || config.emit === undefined) return;
    watchingPath = false;
    const signed = readSignedHeaders(req.headers);
    config.emit({
      router: spec.router,
      level: "error",
      reason: "path_mismatch",
      // Passed on: the app's own answer, a 404 unless a later handler takes the path.
      statusCode: 404,
      replayed: false,
      requestId: headerForEvent(signed.requestId),
      clientId: headerForEvent(signed.clientId),
      durationMs: 0,
      detail,
    });
  }

  return function dokuReceiver(req, res, next) {
    if (req.method !== "POST") {
      next();
      return;
    }
    if (!matches(req.url as string)) {
      if (watchingPath) reportPathMismatch(req);
      next();
      return;
    }
    watchingPath = false;
    if (isClosing(req)) return;
    receive(req, req.headers, res).catch(next);
  };
}
