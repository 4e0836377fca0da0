import type { DokuEvent } from "./events";

// A control character would split the line, or forge another one in the log.
const CONTROL = /\p{Cc}+/gu;

/**
 * Where events go without an `onEvent`: each `error` event as one line on stderr, so that a
 * merchant who wired nothing still sees what breaks. The reason, what happened, the answer's
 * status, the Request-Id and the Client-Id, to find the call at DOKU; never the payment code, a
 * body or the customer's data (`detail` carries none: your function's own error message at most).
 */
export function printErrorEvent(event: DokuEvent): void {
  if (event.level !== "error") return;
  const line =
    `express-doku [${event.router}] ${event.reason}: ${event.detail ?? "no detail"} ` +
    `(HTTP ${event.statusCode}, Request-Id ${event.requestId ?? "none"}, Client-Id ${event.clientId ?? "none"})`;
  console.error(line.replace(CONTROL, " "));
}
