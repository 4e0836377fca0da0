import { randomBytes } from "node:crypto";

import { callMerchant, fetchFromMerchant } from "../../emulator";
import { CliError } from "../http-call";
import type { TamperedRequest } from "./tampered-requests";

export interface SendInput {
  url: string;
  /** The exact bytes signed and sent. */
  body: Buffer;
  requestId?: string | undefined;
  tamper?: TamperedRequest["tamper"] | undefined;
}

export type Exchange = {
  requestId: string;
  requestTarget: string;
  durationMs: number;
} & (
  | { ok: true; status: number; headers: Headers; body: Buffer; receivedAt: number }
  | { ok: false; reason: "timeout" | "failed"; detail: string }
);

/** A request beyond it is a bug of the check, never sent: DOKU's go-live test is a few dozen calls. */
export const MAX_REQUESTS = 40;
const STALE_MS = 60 * 60 * 1000;
/** No connection at all, from a server that never answered: a usage error (exit 2), not a check that failed. */
export const CANNOT_CONNECT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * DOKU's side of the calls: each signed as DOKU signs it (or tampered with on purpose), spaced,
 * with a time limit, never following a redirect, and only to the URLs it was given.
 */
export class DokuCaller {
  requests = 0;
  /** Every POST's answer (or its failure), by URL. */
  readonly exchanges: { url: string; exchange: Exchange }[] = [];
  #last = 0;
  readonly #allowed: Set<string>;
  /** Origins that answered once: a connection refused afterwards is the merchant's failure, not a wrong URL. */
  readonly #answered = new Set<string>();

  constructor(
    private readonly c: { clientId: string; secretKey: string; timeoutMs: number; spacingMs: number },
    allowedUrls: readonly string[],
  ) {
    this.#allowed = new Set(allowedUrls.map((u) => new URL(u).origin));
  }

  async #space(url: URL): Promise<void> {
    if (!this.#allowed.has(url.origin)) throw new Error(`the check does not call ${url.origin}`);
    if (this.requests >= MAX_REQUESTS) throw new Error(`the check sends at most ${MAX_REQUESTS} requests`);
    // The pause runs from the last answer: a slow merchant is not sent requests faster.
    const wait = this.#last + this.c.spacingMs - Date.now();
    if (this.requests > 0 && wait > 0) await new Promise((done) => setTimeout(done, wait));
    this.requests++;
  }

  async send(input: SendInput): Promise<Exchange> {
    const exchange = await this.#send(input);
    this.#last = Date.now();
    this.exchanges.push({ url: input.url, exchange });
    return exchange;
  }

  async #send(input: SendInput): Promise<Exchange> {
    const url = new URL(input.url);
    await this.#space(url);
    const tamper = input.tamper?.kind;
    const call = await callMerchant({
      url,
      clientId: tamper === "unknown-client" ? `${this.c.clientId}-UNKNOWN` : this.c.clientId,
      secretKey: tamper === "forged-signature" ? randomBytes(24).toString("base64") : this.c.secretKey,
      body: input.body,
      sentBody: input.tamper?.sentBody,
      requestId: input.requestId,
      nowMs: tamper === "stale-timestamp" ? Date.now() - STALE_MS : undefined,
      timeoutMs: this.c.timeoutMs,
    });
    const sent = { requestId: call.requestId, requestTarget: call.requestTarget, durationMs: call.durationMs };
    // Its headers came, even when the body was cut off or stopped: the server answered.
    if (call.status !== undefined) this.#answered.add(url.origin);
    if (call.ok)
      return { ...sent, ok: true, status: call.status, headers: call.headers, body: call.body, receivedAt: Date.now() };
    if (call.reason !== "unreachable")
      return { ...sent, ok: false, reason: call.reason === "timeout" ? "timeout" : "failed", detail: call.detail };
    const failure = (detail: string): Exchange => ({ ...sent, ok: false, reason: "failed", detail });
    const code = call.detail;
    if (!CANNOT_CONNECT.has(code)) return failure(`no answer: ${code}`);
    if (this.#answered.has(url.origin)) return failure(`the server stopped answering: ${code}`);
    throw new CliError(`cannot reach ${url.href} (${code}); is the app running and the URL right?`);
  }

  /** A plain GET (the order status URL): its JSON, or why not. */
  async getJson(href: string): Promise<{ ok: true; status: number; json: unknown } | { ok: false; detail: string }> {
    const url = new URL(href);
    await this.#space(url);
    const answer = await fetchFromMerchant(url, { method: "GET" }, { timeoutMs: this.c.timeoutMs });
    // The next request is spaced from this answer, or from this failure.
    this.#last = Date.now();
    if (!answer.ok)
      return {
        ok: false,
        detail: `${url.href}: ${answer.reason === "unreachable" ? `no answer (${answer.detail})` : answer.detail}`,
      };
    try {
      return { ok: true, status: answer.status, json: JSON.parse(answer.body.toString("utf8")) as unknown };
    } catch {
      return { ok: false, detail: `${url.href} answered HTTP ${answer.status}, not JSON` };
    }
  }
}
