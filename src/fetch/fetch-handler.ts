import type { IncomingHttpHeaders } from "node:http";

import { type Answer, jsonAnswer } from "../http/answer";
import { consumedWebBody, readDeclaredWebBody, readWebBody } from "../http/read-web-body";
import { pathOf } from "../http/request-target";
import { routePathMatcher } from "../http/route-path";
import { createReceiver, type ReceiverParts, type RequestPort } from "../pipeline/create-receiver";
import type { ReceiverDefaults } from "../pipeline/receiver-options";

/** A fetch route handler: Next.js App Router, Hono, Bun.serve, Deno.serve. */
export type DokuFetchHandler = (request: Request) => Promise<Response>;

/** Where the pipeline leaves the answer, for the handler to return once the work after it is done. */
class AnswerSlot {
  answer: Answer | undefined = undefined;
  closes = false;
}

/** The request's headers as node:http has them: lower-case names, repeated values joined with ", ". */
function headerRecord(headers: Headers): IncomingHttpHeaders {
  const record: IncomingHttpHeaders = {};
  for (const [name, value] of headers) record[name] = value;
  return record;
}

/** The five headers the pipeline reads (Content-Length and the four signed ones), not a copy of them all. */
function pipelineHeaders(headers: Headers): IncomingHttpHeaders {
  return {
    "content-length": headers.get("content-length") ?? undefined,
    "client-id": headers.get("client-id") ?? undefined,
    "request-id": headers.get("request-id") ?? undefined,
    "request-timestamp": headers.get("request-timestamp") ?? undefined,
    signature: headers.get("signature") ?? undefined,
  };
}

// Only a plain decimal Content-Length takes the whole-body read: any other form goes through the bounded stream.
const DECIMAL = /^\d{1,15}$/;

const FETCH_PORT: RequestPort<Request, AnswerSlot> = {
  readBody: (request, contentLength, limit, timeoutMs) =>
    request.bodyUsed
      ? consumedWebBody()
      : contentLength !== undefined && DECIMAL.test(contentLength) && Number(contentLength) <= limit
        ? readDeclaredWebBody(request, limit, timeoutMs)
        : readWebBody(request.body, contentLength, limit, timeoutMs),
  // The URL as called is all a fetch handler knows: no mount rewrites it.
  urls: (request) => ({ url: request.url, headers: headerRecord(request.headers) }),
  write(slot, answer, closes) {
    slot.answer = answer;
    slot.closes = closes;
  },
};

/** Default Request-Target: the path of the URL called, without its query string. */
export const FETCH_DEFAULTS: Pick<ReceiverDefaults<Request>, "requestTarget" | "pathRequired"> = {
  requestTarget: (request) => pathOf(request.url),
  pathRequired: false,
};

const NOT_FOUND: AnswerSlot = { answer: jsonAnswer(404, { error: "not_found" }), closes: false };
const notAllowed = jsonAnswer(405, { error: "method_not_allowed" });
const NOT_ALLOWED: AnswerSlot = {
  answer: { ...notAllowed, headers: { ...notAllowed.headers, Allow: "POST" } },
  closes: false,
};

function toResponse({ answer, closes }: AnswerSlot): Response {
  const { statusCode, headers, body } = answer as Answer;
  const response = new Response(body, { status: statusCode, headers });
  // Sent before the body was read in full: a server that honours it closes the connection.
  if (closes) response.headers.set("Connection", "close");
  return response;
}

/**
 * The pipeline as a fetch handler. The work after the answer (the inquiry's record for replay)
 * and the event are done before the Response is returned: a serverless runtime may stop then.
 */
export function createFetchHandler(parts: ReceiverParts<Request>): DokuFetchHandler {
  const receive = createReceiver(parts, FETCH_PORT);
  const path = parts.config.path;
  const matches = path === undefined ? undefined : routePathMatcher(path);
  return async function dokuFetchHandler(request: Request): Promise<Response> {
    if (matches !== undefined && !matches(request.url)) return toResponse(NOT_FOUND);
    if (request.method !== "POST") return toResponse(NOT_ALLOWED);
    const slot = new AnswerSlot();
    await receive(request, pipelineHeaders(request.headers), slot);
    return toResponse(slot);
  };
}
