import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";

import type { NextFunction, Request, RequestHandler, Response } from "express";

import { type Answer, jsonAnswer, writeAnswer } from "../http/answer";
import { readRawBody } from "../http/read-raw-body";
import { routePathMatcher } from "../http/route-path";
import { readSignedHeaders } from "../http/signed-headers";
import { type AuthenticatedRequest, authenticateRequest } from "./authenticate-request";
import type { DokuEvent } from "./events";
import { pathMismatchCheck } from "./path-mismatch";
import { type Reason, REQUEST_FAILURE_STATUS } from "./reasons";
import type { ReceiverConfig } from "./receiver-options";

/** What a router did with an authenticated request. */
export interface Outcome {
  answer: Answer;
  reason: Reason;
  level: DokuEvent["level"];
  replayed?: boolean;
  /** What happened, for a person; a constant string where nothing varies (free on the hot path). */
  detail: string;
  error?: unknown;
  inquiryStatus?: DokuEvent["inquiryStatus"];
  paymentCode?: string | undefined;
  idempotencyKey?: string | undefined;
  /**
   * Work left once the answer is written (recording it for replay), off the sender's wait; a
   * repeat arriving meanwhile waits for the record. What it returns amends the event. Never rejects.
   */
  afterAnswer?: () => Promise<LateOutcome | undefined>;
}

/** What recording an answer found, after it was sent: it changes what the event says. */
export type LateOutcome = Partial<Pick<Outcome, "level" | "detail" | "error">>;

export interface ReceiverSpec {
  router: DokuEvent["router"];
  /** The unsigned body answered for a request that failed before authentication finished. */
  rejectionBody(reason: keyof typeof REQUEST_FAILURE_STATUS): unknown;
  /** Everything after authentication: where the two routers differ. */
  handle(request: AuthenticatedRequest, req: Request): Promise<Outcome>;
}

// Answers sent before the body was read in full: the connection cannot be reused.
const CLOSES_CONNECTION = new Set<Reason>(["body_too_large", "body_read_timeout", "body_read_failed"]);

// Connections that got such an answer. A request pipelined behind it may already be parsed:
// it is never processed, and the connection closes once the answer is out.
const closing = new WeakSet<object>();

const headerForEvent = (value: string | undefined) => (value === undefined ? undefined : value.slice(0, 128));

/**
 * A router: Express middleware (`app.use(router)`), and a handler for a plain node:http server,
 * `router(req, res, next)`, where `next()` means "not this router's path" and `next(error)` an
 * error the router could not answer.
 */
export type DokuRouter = RequestHandler &
  ((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void);

/**
 * The pipeline both routers run: read -> authenticate -> (router-specific) -> write -> event.
 * Only authenticated requests reach `spec.handle`; failures before that are never signed.
 * A middleware for one POST route: anything else goes on to the app's next handler.
 */
export function createReceiver(config: ReceiverConfig, spec: ReceiverSpec): DokuRouter {
  async function receive(req: Request, res: Response): Promise<void> {
    const started = performance.now();
    const headers = req.headers;
    const read = await readRawBody(req, headers["content-length"], config.limit, config.bodyTimeoutMs);
    const auth = read.ok ? authenticateRequest(req, headers, read.body, config) : read;
    let outcome: Outcome;
    let clientId: string | undefined;
    let requestId: string | undefined;
    if (auth.ok) {
      ({ clientId, requestId } = auth.request);
      outcome = await spec.handle(auth.request, req);
    } else {
      const signed = readSignedHeaders(headers);
      clientId = headerForEvent(signed.clientId);
      requestId = headerForEvent(signed.requestId);
      outcome = {
        answer: jsonAnswer(REQUEST_FAILURE_STATUS[auth.reason], spec.rejectionBody(auth.reason)),
        reason: auth.reason,
        level: auth.reason === "body_already_consumed" ? "error" : "warn",
        detail: auth.detail,
      };
    }
    const closes = CLOSES_CONNECTION.has(outcome.reason);
    if (closes) closing.add(req.socket);
    writeAnswer(res, outcome.answer, closes);
    const durationMs = performance.now() - started;
    const late = outcome.afterAnswer === undefined ? undefined : await outcome.afterAnswer();
    if (config.emit === undefined || (config.errorsOnly && (late?.level ?? outcome.level) !== "error")) return;
    const { answer, afterAnswer: _recorded, ...described } = outcome;
    config.emit({
      router: spec.router,
      replayed: false,
      ...described,
      ...late,
      statusCode: answer.statusCode,
      requestId,
      clientId,
      durationMs,
    });
  }

  const matches = routePathMatcher(config.path);
  const mismatch = pathMismatchCheck(config.path, config.keyring);
  // Until a mis-given `path` is reported: once per router, then never looked for again.
  let watchingPath = config.emit !== undefined;

  function reportPathMismatch(req: Request): void {
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

  // Typed with Express's request, but reads only what node:http's has (`originalUrl` when there).
  return function dokuReceiver(req: Request, res: Response, next: NextFunction): void {
    if (req.method !== "POST") {
      next();
      return;
    }
    if (!matches(req.url)) {
      if (watchingPath) reportPathMismatch(req);
      next();
      return;
    }
    if (closing.has(req.socket)) return;
    receive(req, res).catch(next);
  } as DokuRouter;
}
