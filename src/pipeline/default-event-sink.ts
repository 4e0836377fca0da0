import type { DokuEvent } from "./events";

// A control, format or separator character would split the line, forge another one in the log, or
// reorder what it shows (bidirectional controls).
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu;
// A detail quotes the merchant's own error message at most: clipped, it cannot flood the log.
const DETAIL_SHOWN = 300;

/**
 * Where events go without an `onEvent`: each `error` event as one line on stderr, so that a
 * merchant who wired nothing still sees what breaks. The reason, what happened, the answer's
 * status, the Request-Id and the Client-Id, to find the call at DOKU; never the payment code or a
 * body. `detail` says what the package saw; for a function that threw it quotes that function's
 * error message (clipped), which holds whatever the merchant's code put in it.
 */
export function printErrorEvent(event: DokuEvent): void {
  if (event.level !== "error") return;
  const line =
    `express-doku [${event.router}] ${event.reason}: ${clipped(event.detail)} ` +
    `(HTTP ${event.statusCode}, Request-Id ${event.requestId ?? "none"}, Client-Id ${event.clientId ?? "none"})`;
  console.error(line.replace(UNPRINTABLE, " "));
}

function clipped(detail: string): string {
  return detail.length > DETAIL_SHOWN ? `${detail.slice(0, DETAIL_SHOWN)}…` : detail;
}
