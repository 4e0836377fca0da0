import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

import { createRequestSigner, verifyAnswer } from "../signature";
import { REQUEST_ID_MAX_LENGTH } from "../signature/request-id";
import { callError, type CallTarget, type ErrorFacts, refusedBeforeSending } from "./call-error";
import { type ClientEvent, type ClientOperation, safeEmit } from "./client-events";
import type { ClientSettings } from "./client-options";
import { CLIENT_CHANNEL, type ClientTrace } from "./client-trace";
import { DokuError, type DokuErrorType } from "./doku-error";
import { readNetworkFailure } from "./network-failure";
import { BODY_NAMES, errorTypeOf, isSuccessBody, parseAnswer, type ParsedAnswer } from "./read-answer";
import { USER_AGENT } from "./user-agent";

/** Per call: its own Request-Id (default a UUID v4), an AbortSignal, and limits of its own. */
export interface CallOptions {
  requestId?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
}

export interface PreparedCall {
  operation: ClientOperation;
  method: "GET" | "POST" | "PATCH";
  /** The path as sent and signed. */
  path: string;
  /** Serialised once: these bytes are signed and sent on every attempt. */
  body: Buffer | undefined;
  /** Create, update, cancel: a lost answer is an unknown outcome, never "failed". */
  mutating: boolean;
  invoiceNumber: string | undefined;
}

export interface Answered {
  status: number;
  json: Record<string, unknown>;
  requestId: string;
  /** A 409: DOKU's first answer to this Request-Id, replayed. */
  replayed: boolean;
  attempts: number;
}

type Failure =
  | { kind: "no_answer"; reason: "timeout" | "connection" | "not_sent"; code: string | undefined; cause: unknown }
  | { kind: "answer"; status: number; text: string; answer: ParsedAnswer };

type Fail = (type: DokuErrorType, what: string, attempts: number, facts?: Partial<ErrorFacts>) => DokuError;

function callLimits(settings: ClientSettings, target: CallTarget, options: CallOptions) {
  const refuse = (requestId: string, what: string) => refusedBeforeSending(target, what, requestId);
  const requestId = options.requestId ?? randomUUID();
  if (
    typeof requestId !== "string" ||
    requestId === "" ||
    requestId.length > REQUEST_ID_MAX_LENGTH ||
    /[^\x21-\x7e]/.test(requestId)
  ) {
    throw refuse(
      String(requestId),
      `requestId must be 1 to ${REQUEST_ID_MAX_LENGTH} visible ASCII characters (DOKU's limit)`,
    );
  }
  const maxRetries = options.maxRetries ?? settings.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10)
    throw refuse(requestId, "maxRetries must be a whole number from 0 to 10");
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
    throw refuse(requestId, "timeoutMs must be a whole number of milliseconds above 0");
  return { requestId, maxRetries, timeoutMs };
}

type Emit = (event: Omit<ClientEvent, "operation" | "method" | "path" | "requestId" | "elapsedMs">) => void;

/**
 * One logical call: signed afresh on every attempt (a new Request-Timestamp), with the same
 * Request-Id and the same bytes; retried with backoff on no answer, 5xx and 429; re-signed
 * once after `request_time_out_of_range`; a 409 is DOKU's first answer replayed. `read` turns
 * DOKU's answer into the call's result (or throws): the call's `result` event and its trace on
 * `express-doku:client` end after it.
 */
export async function sendCall<T>(
  settings: ClientSettings,
  call: PreparedCall,
  options: CallOptions,
  read: (answered: Answered) => T,
): Promise<T> {
  const target: CallTarget = { method: call.method, url: settings.baseUrl + call.path };
  const limits = callLimits(settings, target, options);
  const started = performance.now();
  const emit: Emit = (event) =>
    safeEmit(settings.onEvent, {
      operation: call.operation,
      method: call.method,
      path: call.path,
      requestId: limits.requestId,
      elapsedMs: Math.round(performance.now() - started),
      ...event,
    });
  const trace: ClientTrace | undefined = CLIENT_CHANNEL.hasSubscribers
    ? { operation: call.operation, method: call.method, path: call.path, requestId: limits.requestId }
    : undefined;
  let attempts = 0;
  const finish = (outcome: "ok" | DokuErrorType) => {
    if (trace !== undefined) Object.assign(trace, { outcome, attempts });
    emit({ type: "result", attempt: attempts, outcome });
  };
  const run = async () => {
    try {
      const answered = await attemptCall(settings, call, options.signal, target, limits, emit, (n) => (attempts = n));
      const value = read(answered);
      finish("ok");
      return value;
    } catch (error) {
      finish(error instanceof DokuError ? error.type : "unknown_outcome");
      throw error;
    }
  };
  return trace === undefined ? run() : CLIENT_CHANNEL.tracePromise(run, trace);
}

async function attemptCall(
  settings: ClientSettings,
  call: PreparedCall,
  signal: AbortSignal | undefined,
  target: CallTarget,
  { requestId, maxRetries, timeoutMs }: ReturnType<typeof callLimits>,
  emit: Emit,
  attempted: (attempt: number) => void,
): Promise<Answered> {
  const sign = createRequestSigner({
    clientId: settings.clientId,
    secretKey: settings.key,
    requestTarget: call.path,
    body: call.body,
    requestId,
  });
  const fail: Fail = (type, what, attempts, facts = {}) =>
    callError(target, type, what, { requestId, invoiceNumber: call.invoiceNumber, attempts, ...facts });
  // Whether any attempt may have reached the server: until then nothing can have happened.
  let maybeSent = false;
  const lost = (): DokuErrorType => (!maybeSent ? "not_sent" : call.mutating ? "unknown_outcome" : "connection");

  let resignedForTime = false;
  let retries = 0;
  for (let attempt = 1; ; attempt++) {
    attempted(attempt);
    if (signal?.aborted) throw fail(lost(), "aborted by the caller", attempt - 1, { cause: signal.reason });
    const headers = { ...sign(settings.now()).headers, "User-Agent": USER_AGENT, Accept: "application/json" };
    emit({
      type: "request",
      attempt,
      ...(settings.eventBodies && call.body !== undefined ? { body: call.body.toString("utf8") } : {}),
    });

    let failure: Failure;
    try {
      const signals =
        signal === undefined
          ? AbortSignal.timeout(timeoutMs)
          : AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
      const response = await settings.fetch(target.url, {
        method: call.method,
        headers,
        ...(call.body === undefined ? {} : { body: call.body }),
        signal: signals,
        redirect: "error",
      });
      maybeSent = true;
      const bytes = Buffer.from(await response.arrayBuffer());
      const text = bytes.toString("utf8");
      emit({ type: "response", attempt, status: response.status, ...(settings.eventBodies ? { answer: text } : {}) });
      const answer = parseAnswer(text);
      if ((response.status >= 200 && response.status < 300) || (response.status === 409 && isSuccessBody(answer))) {
        if (!isSuccessBody(answer)) throw unreadableSuccess(fail, call, response.status, text, answer, attempt);
        checkAnswer(settings, call, {
          status: response.status,
          headers: response.headers,
          bytes,
          text,
          requestId,
          attempt,
          emit,
          fail,
        });
        return {
          status: response.status,
          json: answer.json,
          requestId,
          replayed: response.status === 409,
          attempts: attempt,
        };
      }
      if (answer.code === "request_time_out_of_range" && !resignedForTime) {
        resignedForTime = true;
        emit({ type: "retry", attempt, reason: "request_time_out_of_range", delayMs: 0 });
        continue;
      }
      if (response.status !== 429 && response.status < 500)
        throw answerError(fail, response.status, text, answer, attempt);
      failure = { kind: "answer", status: response.status, text, answer };
    } catch (error) {
      if (error instanceof DokuError) throw error;
      if (signal?.aborted) {
        maybeSent = true;
        throw fail(lost(), "aborted by the caller while waiting for DOKU", attempt, { cause: signal.reason });
      }
      if ((error as Error).name === "TimeoutError") {
        maybeSent = true;
        failure = { kind: "no_answer", reason: "timeout", code: undefined, cause: error };
      } else {
        const network = readNetworkFailure(error);
        if (network.maybeSent) maybeSent = true;
        failure = {
          kind: "no_answer",
          reason: network.maybeSent ? "connection" : "not_sent",
          code: network.code,
          cause: error,
        };
      }
    }

    if (retries >= maxRetries) throw finalError(fail, lost(), failure, attempt, timeoutMs);
    retries += 1;
    const delayMs = Math.round(
      Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** (retries - 1)) * (0.5 + Math.random() / 2),
    );
    emit({
      type: "retry",
      attempt,
      reason: failure.kind === "answer" ? `HTTP ${failure.status}` : failure.reason,
      delayMs,
    });
    try {
      await sleep(delayMs, undefined, signal === undefined ? undefined : { signal });
    } catch {
      throw fail(lost(), "aborted by the caller between attempts", attempt, { cause: signal?.reason });
    }
  }
}

/** Who answered, as far as the body tells: DOKU's envelopes and empty bodies are taken as DOKU's. */
const answeredBy = (status: number, answer: ParsedAnswer) =>
  `${answer.body === "doku_error" || answer.body === "empty" ? "DOKU answered" : "answered"} ${status}`;

function answerError(fail: Fail, status: number, text: string, answer: ParsedAnswer, attempts: number): DokuError {
  const said =
    answer.body === "doku_error"
      ? `${answer.code === undefined ? "" : ` ${answer.code}`}${answer.message === undefined ? "" : `: ${answer.message}`}`
      : ` with ${BODY_NAMES[answer.body]}`;
  return fail(errorTypeOf(status, answer), `${answeredBy(status, answer)}${said}`, attempts, {
    status,
    code: answer.code,
    dokuMessage: answer.message,
    rawBody: text,
  });
}

/** A 2xx (or a 409) whose body is no result: from another app, or an error in a success's place. */
function unreadableSuccess(
  fail: Fail,
  call: PreparedCall,
  status: number,
  text: string,
  answer: ParsedAnswer,
  attempts: number,
): DokuError {
  const facts = { status, code: answer.code, dokuMessage: answer.message, rawBody: text };
  if (answer.body === "doku_error") {
    const said = `DOKU answered ${status} with an error (${answer.code ?? answer.message})`;
    return fail(call.mutating ? "unknown_outcome" : "api", said, attempts, facts);
  }
  const said = `answered ${status} with ${BODY_NAMES[answer.body]}`;
  return call.mutating
    ? fail("unknown_outcome", `${said}, not DOKU's answer: check baseUrl`, attempts, facts)
    : fail("not_doku", said, attempts, facts);
}

function finalError(fail: Fail, type: DokuErrorType, failure: Failure, attempts: number, timeoutMs: number): DokuError {
  if (failure.kind === "answer") return answerError(fail, failure.status, failure.text, failure.answer, attempts);
  const what =
    failure.reason === "timeout"
      ? `no answer within ${timeoutMs} ms`
      : failure.reason === "connection"
        ? `the connection failed (${failure.code})`
        : `could not connect (${failure.code})`;
  const count = `${attempts} attempt${attempts === 1 ? "" : "s"}`;
  const said =
    type === "not_sent"
      ? `${what}, ${count}: check baseUrl and that its server is up`
      : failure.reason === "not_sent"
        ? `${what} after an earlier attempt that may have reached DOKU, ${count}`
        : `${what}, ${count}`;
  return fail(type, said, attempts, { cause: failure.cause });
}

function checkAnswer(
  settings: ClientSettings,
  call: PreparedCall,
  a: {
    status: number;
    headers: Headers;
    bytes: Buffer;
    text: string;
    requestId: string;
    attempt: number;
    emit: Emit;
    fail: Fail;
  },
): void {
  if (settings.verifyResponses === "off") return;
  // DOKU documents no Content-Type for its answers: only what it signs is checked.
  const check = verifyAnswer({
    headers: a.headers,
    body: a.bytes,
    clientId: settings.clientId,
    secretKey: settings.key,
    requestTarget: call.path,
    requestId: a.requestId,
    method: call.method,
    checkContentType: false,
  });
  if (check.valid) return;
  a.emit({ type: "response_signature", attempt: a.attempt, reason: `${check.reason}: ${check.detail}` });
  if (settings.verifyResponses === "enforce") {
    throw a.fail(
      call.mutating ? "unknown_outcome" : "response_signature",
      `DOKU's answer signature does not verify (${check.reason}: ${check.detail})`,
      a.attempt,
      { status: a.status, code: check.reason, rawBody: a.text },
    );
  }
}
