import type { InquiryStatus } from "../protocol";
import type { Reason } from "./reasons";

/** One event per request, for the merchant's logs and metrics. Never carries a secret. */
export interface DokuEvent {
  router: "inquiry" | "notification";
  /** `info` for normal answers, `warn` for rejected requests, `error` for what the merchant must fix. */
  level: "info" | "warn" | "error";
  reason: Reason;
  statusCode: number;
  /** The inquiry status answered, for the inquiry router. */
  inquiryStatus?: InquiryStatus;
  /** True when a stored answer was sent again instead of doing the work twice. */
  replayed: boolean;
  requestId: string | undefined;
  clientId: string | undefined;
  paymentCode?: string | undefined;
  /** The notification's idempotency key. */
  idempotencyKey?: string | undefined;
  /** From the request's arrival to its answer written; the inquiry's record for replay comes after. */
  durationMs: number;
  /** A sentence for a person: what happened and, where something is wrong, how to fix it. Every event has one. */
  detail: string;
  /** What the merchant's function threw, or the store's error. */
  error?: unknown;
}

export type EventSink = (event: DokuEvent) => void;

/** An observability hook must never break the answer to DOKU. */
export function safeSink(onEvent: EventSink): EventSink {
  return (event) => {
    try {
      onEvent(event);
    } catch {
      // The hook's own failure is the hook's to report.
    }
  };
}
