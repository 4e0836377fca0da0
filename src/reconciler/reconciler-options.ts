import type { DokuClient } from "../client/create-doku-client";
import type { DokuInbox } from "../inbox/inbox";
import { checkClientId } from "../options/client-id-option";
import { checkClients } from "../options/clients-option";
import { functionOption, optionalFunction } from "../options/function-option";
import { wholeNumber } from "../options/number-options";
import { checkOptionsObject, optionError } from "../options/option-error";
import type { ClientCredentials } from "../signature";
import type { DokuStore } from "../stores/store";
import type { Backoff, PendingOrder } from "./order-schedule";
import type { OnReconciledPayment } from "./reconciler-context";
import type { FoundOutcome, ReconcilerEventSink } from "./reconciler-events";

const MINUTE_MS = 60_000;

export interface ReconcilerOptions<Tx = undefined> {
  /** The merchant's DOKU client: Check Status (`getStatus`) is all the reconciler calls. */
  client: Pick<DokuClient, "getStatus">;
  /** The merchant's unpaid orders. Called once per sweep; list only orders DOKU may still be paid for. */
  pending: () => readonly PendingOrder[] | Promise<readonly PendingOrder[]>;
  /**
   * The notification router's `onPayment`: a SUCCESS found runs it through the same exactly-once
   * path, with `ctx.source === "reconciler"` and no `ctx.req`.
   */
  onPayment: OnReconciledPayment<Tx>;
  /** The notification router's inbox: give the router's `inbox` or its `store`, the same instance. */
  inbox?: DokuInbox<Tx>;
  /** The notification router's store (not the default one, which only the router holds). */
  store?: DokuStore;
  /** The Client-Id DOKU's notifications come under: the client's. Or give the router's `clients`, with one entry. */
  clientId?: string;
  clients?: readonly ClientCredentials[];
  /** Events for each find, failed check and sweep. Without it, `error` events go to `console.error`; `false` silences them. */
  onEvent?: ReconcilerEventSink | false;
  /** Called once per SUCCESS found, for metrics (`doku_reconciler_found_total{outcome}`). */
  onFound?: (found: { outcome: FoundOutcome }) => void;
  /** Not asked about sooner than this after the order was made. Default 60,000 (DOKU's advice). */
  minAgeMs?: number;
  /** Between sweeps (`start()`), and between two checks of an order still PENDING. Default 60,000. */
  intervalMs?: number;
  /** Check Status calls at once. Default 2. */
  concurrency?: number;
  /** Check Status calls started in any 60 s. Default 30. */
  callsPerMinute?: number;
  /** After a failed check or delivery, the order waits `initialMs`, doubling to `maxMs`. Default 60 s and 30 min. */
  retryDelay?: { initialMs?: number; maxMs?: number };
  /** onPayment's budget, as the router's. Default 30,000. */
  timeoutMs?: number;
  /** As the router's (with a store). Default 15 minutes. */
  leaseMs?: number;
  /** As the router's (with a store): how long a handled payment is remembered. Default 7 days. */
  retentionMs?: number;
  /** The reconciler's clock, epoch ms (the 60 s rule, the rate, the backoff). Default `Date.now`. */
  now?: () => number;
}

export interface ReconcilerSettings<Tx> {
  client: Pick<DokuClient, "getStatus">;
  pending: ReconcilerOptions<Tx>["pending"];
  onPayment: OnReconciledPayment<Tx>;
  clientId: string;
  onEvent: ReconcilerEventSink | false | undefined;
  onFound: ReconcilerOptions<Tx>["onFound"];
  minAgeMs: number;
  intervalMs: number;
  concurrency: number;
  callsPerMinute: number;
  backoff: Backoff;
  now: () => number;
}

function clientIdOf(clientId: unknown, clients: unknown): string {
  if (clients === undefined) {
    if (clientId === undefined)
      throw optionError("clientId", "is required: the Client-Id DOKU's notifications come under (the client's)");
    return checkClientId("clientId", clientId);
  }
  const listed = checkClients(clients).map((c) => c.clientId);
  if (clientId === undefined) {
    if (listed.length === 1) return listed[0] as string;
    throw optionError("clientId", `is required with ${listed.length} clients: which one does this DOKU client use?`);
  }
  const id = checkClientId("clientId", clientId);
  if (!listed.includes(id)) throw optionError("clientId", `is ${id}, which is not one of clients`);
  return id;
}

/** Every option checked once, at creation. The notification path's own options are checked by it. */
export function resolveReconcilerOptions<Tx>(options: ReconcilerOptions<Tx>): ReconcilerSettings<Tx> {
  checkOptionsObject(options, "client, pending, onPayment and an inbox or store");
  const client = options.client as Partial<DokuClient> | undefined;
  if (typeof client !== "object" || client === null || typeof client.getStatus !== "function")
    throw optionError("client", "must be a DOKU client: createDokuClient({ … })");
  if (options.inbox === undefined && options.store === undefined) {
    throw optionError(
      "inbox",
      "or `store` is required: the notification router's own, so that a payment found here and its notification are one",
    );
  }
  const onEvent =
    options.onEvent === false
      ? false
      : optionalFunction<ReconcilerEventSink>("onEvent", options.onEvent, "must be a function, or false");
  const initialMs = wholeNumber("retryDelay.initialMs", options.retryDelay?.initialMs, MINUTE_MS, 1, 86_400_000);
  return {
    client: options.client,
    pending: functionOption("pending", options.pending, "must be a function listing the unpaid orders"),
    onPayment: functionOption("onPayment", options.onPayment),
    clientId: clientIdOf(options.clientId, options.clients),
    onEvent,
    onFound: optionalFunction("onFound", options.onFound),
    minAgeMs: wholeNumber("minAgeMs", options.minAgeMs, MINUTE_MS, 0, 86_400_000),
    intervalMs: wholeNumber("intervalMs", options.intervalMs, MINUTE_MS, 1, 86_400_000),
    concurrency: wholeNumber("concurrency", options.concurrency, 2, 1, 100),
    callsPerMinute: wholeNumber("callsPerMinute", options.callsPerMinute, 30, 1, 100_000),
    backoff: {
      initialMs,
      maxMs: wholeNumber("retryDelay.maxMs", options.retryDelay?.maxMs, Math.max(30 * MINUTE_MS, initialMs), initialMs),
    },
    now: optionalFunction<() => number>("now", options.now, "must be a function returning epoch ms") ?? Date.now,
  };
}
