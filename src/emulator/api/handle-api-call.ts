import { createSecretKey, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import { type Answer, jsonAnswer, signedAnswer, writeAnswer } from "../../http/answer";
import { readRawBody } from "../../http/read-raw-body";
import { digestBody } from "../../signature";
import { type CallKind, type CallLog, type CallLogEntry, loggedBody } from "../call-log";
import type { EmulatorClock } from "../clock";
import type { CodeBook } from "../code-book";
import type { EmulatorSettings } from "../emulator-options";
import { type Fault, type FaultTable, withAmountsAsStrings } from "../faults";
import { type ApiRoute, patchKind } from "./api-routes";
import { authenticateCall } from "./authenticate-call";
import { errorBody } from "./doku-errors";
import { type ApiContext, type ApiOutcome, checkStatus, createCode, updateCode } from "./payment-code-api";
import type { ReplayMemory } from "./replay-memory";

export interface ApiDeps {
  settings: EmulatorSettings;
  clock: EmulatorClock;
  book: CodeBook;
  log: CallLog;
  faults: FaultTable;
  replays: ReplayMemory;
  bodyTimeoutMs: number;
  baseUrl: () => string;
}

// A key nobody holds: the `wrong` signature fault signs with it (a well-formed, wrong value).
const WRONG_KEY = createSecretKey(randomBytes(32));
const HELD_ANSWER_MS = 120_000;

const GATEWAY_HTML =
  "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function work(ctx: ApiContext, kind: CallKind, route: ApiRoute, body: Buffer): ApiOutcome {
  if (route.name === "status") return checkStatus(ctx, route.identifier as string);
  if (kind === "update" || kind === "cancel") return updateCode(ctx, body);
  if (kind === "register") return createCode(ctx, body, "merchant_generated");
  return createCode(ctx, body, "doku_generated", kind === "create_indomaret" ? "indomaret" : "alfa");
}

/** A fault's answer in place of the work: a 5xx in DOKU's envelope, or a gateway's HTML page. */
function faultAnswer(fault: Fault): Answer {
  if (fault.outcome === "html") {
    return {
      statusCode: fault.status ?? 502,
      headers: { "Content-Type": "text/html" },
      body: Buffer.from(GATEWAY_HTML),
    };
  }
  const status = fault.status ?? 503;
  return jsonAnswer(
    status,
    errorBody(
      status === 429 ? "too_many_requests" : "internal_server_error",
      "The emulator played a fault on this call",
      undefined,
      "api_error",
    ),
  );
}

/**
 * One call to DOKU's API: read the body (bounded), authenticate in DOKU's order, play a fault
 * if one is set, replay a Request-Id seen before with 409, else do the work; sign the answer
 * (to authenticated calls only) and log the call either way.
 */
export async function handleApiCall(
  deps: ApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  route: ApiRoute,
): Promise<void> {
  const { settings, clock, log, faults, replays } = deps;
  const started = performance.now();
  const entry: Omit<CallLogEntry, "id"> = {
    at: new Date(clock.now()).toISOString(),
    direction: "received",
    kind: route.name,
    method: req.method ?? "GET",
    url: path,
    clientId: header(req, "client-id"),
    requestId: header(req, "request-id"),
    requestTimestamp: header(req, "request-timestamp"),
    bodyDigest: undefined,
    body: undefined,
    status: undefined,
    answer: undefined,
    signature: undefined,
    durationMs: 0,
  };
  const finish = (answer: Answer | undefined, closeConnection = false) => {
    if (answer !== undefined) {
      entry.status = answer.statusCode;
      entry.answer = loggedBody(answer.body);
      writeAnswer(res, answer, closeConnection);
    }
    entry.durationMs = Math.round(performance.now() - started);
    log.record(entry);
  };

  const read = await readRawBody(req, header(req, "content-length"), settings.limits.bodyBytes, deps.bodyTimeoutMs);
  if (!read.ok) {
    const tooLarge = settings.answers.body_too_large;
    const answer =
      read.reason === "body_too_large"
        ? jsonAnswer(tooLarge.status, errorBody(tooLarge.code, tooLarge.message))
        : jsonAnswer(400, errorBody("invalid_parameter", read.detail));
    return finish(answer, true);
  }
  const body = route.name === "status" ? undefined : read.body;
  if (body !== undefined) {
    entry.bodyDigest = digestBody(body);
    entry.body = loggedBody(body);
  }
  const kind: CallKind = route.name === "update" ? patchKind(read.body) : route.name;
  entry.kind = kind;

  const auth = authenticateCall({
    headers: req.headers,
    body,
    path,
    keyring: settings.keyring,
    toleranceSec: settings.toleranceSec,
    nowMs: clock.signingNow(),
  });
  entry.signature = auth.ok ? { valid: true } : { valid: false, reason: auth.reason, detail: auth.detail };
  if (!auth.ok) return finish(jsonAnswer(400, auth.body));

  const fault = faults.take(kind);
  if (fault !== undefined) entry.fault = JSON.stringify(fault);
  if (fault?.latencyMs) await new Promise((done) => setTimeout(done, fault.latencyMs).unref());
  if (fault?.outcome === "reset") {
    req.socket.resetAndDestroy();
    return finish(undefined);
  }
  if (fault?.outcome === "error_status" || fault?.outcome === "html") return finish(faultAnswer(fault));

  const fingerprint = `${req.method} ${path} ${entry.bodyDigest ?? ""}`;
  const first = route.name === "status" ? undefined : replays.get(auth.clientId, auth.requestId);
  let status: number;
  let bytes: Buffer;
  if (first !== undefined && first.fingerprint === fingerprint) {
    // DOKU: the same Request-Id and body get the first answer's body again, with 409.
    entry.replayed = true;
    status = 409;
    bytes = first.body;
  } else if (first !== undefined) {
    const reused = settings.answers.request_id_reused;
    status = reused.status;
    bytes = Buffer.from(JSON.stringify(errorBody(reused.code, reused.message)));
  } else {
    const ctx: ApiContext = {
      book: deps.book,
      nowMs: clock.now(),
      clientId: auth.clientId,
      requestId: auth.requestId,
      answers: settings.answers,
      baseUrl: deps.baseUrl(),
      notificationUrl: settings.notificationUrl,
    };
    const outcome = work(ctx, kind, route, read.body);
    status = outcome.status;
    bytes = Buffer.from(JSON.stringify(outcome.body));
    if (route.name !== "status") replays.remember(auth.clientId, auth.requestId, { fingerprint, status, body: bytes });
  }
  if (fault?.amountsAsStrings)
    bytes = Buffer.from(JSON.stringify(withAmountsAsStrings(JSON.parse(bytes.toString("utf8")))));

  const client = settings.clients.find((c) => c.clientId === auth.clientId);
  const key = fault?.signature === "wrong" || client === undefined ? WRONG_KEY : client.key;
  const answer = signedAnswer(status, bytes, {
    clientId: auth.clientId,
    requestId: auth.requestId,
    requestTarget: path,
    key,
    nowMs: clock.signingNow(),
  });
  if (fault?.signature === "missing") {
    const { Signature: _omitted, ...unsigned } = answer.headers;
    answer.headers = unsigned;
  }
  if (fault?.outcome === "lose_answer") {
    // The work is done and remembered; the caller never hears of it.
    entry.status = status;
    entry.answer = loggedBody(bytes);
    setTimeout(() => req.socket.destroy(), HELD_ANSWER_MS).unref();
    return finish(undefined);
  }
  finish(answer);
}
