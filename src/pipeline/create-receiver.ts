import type { IncomingHttpHeaders } from "node:http";
import { performance } from "node:perf_hooks";

import { type Answer, jsonAnswer } from "../http/answer";
import type { RawBodyResult } from "../http/body-read-result";
import type { RequestUrls } from "../http/request-target";
import { readSignedHeaders } from "../http/signed-headers";
import { type AuthenticatedRequest, authenticateRequest } from "./authenticate-request";
import type { DokuEvent } from "./events";
import { type Reason, REQUEST_FAILURE_STATUS } from "./reasons";
import type { ReceiverConfig } from "./receiver-options";
import { INQUIRY_CHANNEL, NOTIFICATION_CHANNEL, type RequestTrace } from "./traces";

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

/** What one router (inquiry or notification) adds to the pipeline, whatever the framework. */
export interface ReceiverSpec<Req> {
  router: DokuEvent["router"];
  /** The unsigned body answered for a request that failed before authentication finished. */
  rejectionBody(reason: keyof typeof REQUEST_FAILURE_STATUS): unknown;
  /** Everything after authentication: where the two routers differ. `req` is the framework's request. */
  handle(request: AuthenticatedRequest, req: Req): Promise<Outcome>;
}

/** A router's options resolved, with its own steps: what an adapter mounts. */
export interface ReceiverParts<Req> {
  config: ReceiverConfig<Req>;
  spec: ReceiverSpec<Req>;
}

/**
 * What an adapter tells the pipeline about its framework, once per router (nothing per request):
 * how to read a request's body, describe its URLs, and write an answer to `out` (a response, or
 * a place that keeps the answer for the adapter to return).
 */
export interface RequestPort<Req, Out> {
  readBody: (req: Req, contentLength: string | undefined, limit: number, timeoutMs: number) => Promise<RawBodyResult>;
  /** The URLs and headers of a request, for the diagnosis of a bad signature (asked only then). */
  urls: (req: Req) => RequestUrls;
  /** `closeConnection` for answers sent before the request body was read in full. */
  write: (out: Out, answer: Answer, closeConnection: boolean) => void;
}

/**
 * Read -> authenticate -> handle -> write -> after-answer work -> event, for one request. The
 * promise settles once the event is emitted: the work after the answer is done by then.
 */
export type Receive<Req, Out> = (req: Req, headers: IncomingHttpHeaders, out: Out) => Promise<void>;

// Answers sent before the body was read in full: the connection cannot be reused.
const CLOSES_CONNECTION = new Set<Reason>(["body_too_large", "body_read_timeout", "body_read_failed"]);

export const headerForEvent = (value: string | undefined) => (value === undefined ? undefined : value.slice(0, 128));

/**
 * The pipeline both routers run, with no framework in it: each adapter (node:http and Express,
 * fetch) gives its `port`. Only authenticated requests reach `spec.handle`; failures before that
 * are never signed.
 */
export function createReceiver<Req, Out>(
  { config, spec }: ReceiverParts<Req>,
  port: RequestPort<Req, Out>,
): Receive<Req, Out> {
  const urls = port.urls;
  const channel = spec.router === "inquiry" ? INQUIRY_CHANNEL : NOTIFICATION_CHANNEL;

  async function run(req: Req, headers: IncomingHttpHeaders, out: Out, trace: RequestTrace | undefined): Promise<void> {
    const started = performance.now();
    const read = await port.readBody(req, headers["content-length"], config.limit, config.bodyTimeoutMs);
    const auth = read.ok ? authenticateRequest(req, headers, read.body, config, urls) : read;
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
    port.write(out, outcome.answer, CLOSES_CONNECTION.has(outcome.reason));
    const durationMs = performance.now() - started;
    const late = outcome.afterAnswer === undefined ? undefined : await outcome.afterAnswer();
    const sinks = config.emit !== undefined && !(config.errorsOnly && (late?.level ?? outcome.level) !== "error");
    if (!sinks && trace === undefined) return;
    const { answer, afterAnswer: _recorded, ...described } = outcome;
    const event: DokuEvent = {
      router: spec.router,
      replayed: false,
      ...described,
      ...late,
      statusCode: answer.statusCode,
      requestId,
      clientId,
      durationMs,
    };
    if (trace !== undefined) trace.event = event;
    if (sinks) config.emit?.(event);
  }

  return function receive(req: Req, headers: IncomingHttpHeaders, out: Out): Promise<void> {
    if (!channel.hasSubscribers) return run(req, headers, out, undefined);
    const trace: RequestTrace = { router: spec.router, req };
    return channel.tracePromise(() => run(req, headers, out, trace), trace);
  };
}
