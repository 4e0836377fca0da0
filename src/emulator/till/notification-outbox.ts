import type { KeyObject } from "node:crypto";

import { digestBody, formatTimestamp } from "../../signature";
import { BoundedList } from "../bounded-list";
import { type CallLog, loggedBody } from "../call-log";
import type { EmulatorClock } from "../clock";
import type { NotificationAttempt, NotificationDelivery } from "../emulator-types";
import { callMerchant } from "./merchant-call";
import { answerCutShort } from "./merchant-fetch";

interface Pending {
  delivery: NotificationDelivery;
  body: Buffer;
  key: KeyObject;
  firstAttemptAt: number;
  dueAt: number | undefined;
  inFlight: boolean;
}

export interface OutboxSettings {
  clock: EmulatorClock;
  log: CallLog;
  /** ms after the first attempt. */
  schedule: readonly number[];
  timeoutMs: number;
  limit: number;
}

const MAX_TIMER = 2_147_483_647;

/**
 * Sends notifications as DOKU does: at once, then again without a 2xx on the schedule (DOKU's
 * +30 min, +6 h, +12 h), read on the emulator's clock, so a test that moves the clock sees
 * the retries fall due.
 */
export class NotificationOutbox {
  readonly #settings: OutboxSettings;
  readonly #deliveries: BoundedList<Pending>;
  #nextId = 1;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(settings: OutboxSettings) {
    this.#settings = settings;
    this.#deliveries = new BoundedList(settings.limit);
  }

  /** Makes the first attempt and answers what became of it. */
  async send(input: {
    url: URL;
    clientId: string;
    key: KeyObject;
    body: Buffer;
    requestId: string;
    invoiceNumber: string;
    paymentCode: string;
    transactionStatus: string;
  }): Promise<NotificationDelivery> {
    const pending: Pending = {
      delivery: {
        id: this.#nextId++,
        url: input.url.href,
        clientId: input.clientId,
        requestId: input.requestId,
        invoiceNumber: input.invoiceNumber,
        paymentCode: input.paymentCode,
        transactionStatus: input.transactionStatus,
        state: "retrying",
        attempts: [],
        nextAttemptAt: undefined,
      },
      body: input.body,
      key: input.key,
      firstAttemptAt: this.#settings.clock.now(),
      dueAt: undefined,
      inFlight: false,
    };
    this.#deliveries.add(pending);
    await this.#attempt(pending);
    return pending.delivery;
  }

  /** Every attempt due on the emulator's clock, made now; resolves when they have answered. */
  async runDue(): Promise<NotificationDelivery[]> {
    const now = this.#settings.clock.now();
    const due = this.#deliveries.items.filter((p) => !p.inFlight && p.dueAt !== undefined && p.dueAt <= now);
    await Promise.all(due.map((p) => this.#attempt(p)));
    // A timer may fire a millisecond before the wall clock says the attempt is due: arm it again.
    if (due.length === 0) this.#rearm();
    return due.map((p) => p.delivery);
  }

  list(): { notifications: NotificationDelivery[]; limit: number; dropped: number } {
    return {
      notifications: this.#deliveries.items.map((p) => p.delivery),
      limit: this.#deliveries.limit,
      dropped: this.#deliveries.dropped,
    };
  }

  clear(): void {
    this.#deliveries.clear();
    this.#rearm();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #attempt(pending: Pending): Promise<void> {
    const { clock, log, schedule, timeoutMs } = this.#settings;
    const { delivery } = pending;
    pending.inFlight = true;
    pending.dueAt = undefined;
    const at = clock.now();
    const url = new URL(delivery.url);
    const result = await callMerchant({
      url,
      clientId: delivery.clientId,
      secretKey: pending.key,
      body: pending.body,
      requestId: delivery.requestId,
      nowMs: clock.signingNow(),
      timeoutMs,
    });
    pending.inFlight = false;

    const attempt: NotificationAttempt = { at: new Date(at).toISOString(), durationMs: result.durationMs };
    if (result.ok) attempt.status = result.status;
    else attempt.error = answerCutShort(result) ?? `${result.reason}: ${result.detail}`;
    delivery.attempts.push(attempt);
    log.record({
      at: attempt.at,
      direction: "sent",
      kind: "notification",
      method: "POST",
      url: delivery.url,
      clientId: delivery.clientId,
      requestId: delivery.requestId,
      requestTimestamp: result.requestTimestamp,
      bodyDigest: digestBody(pending.body),
      body: loggedBody(pending.body),
      status: result.ok ? result.status : undefined,
      answer: result.ok ? loggedBody(result.body) : undefined,
      signature: undefined,
      ...(result.ok ? {} : { error: attempt.error }),
      attempt: delivery.attempts.length,
      durationMs: result.durationMs,
    });

    if (result.ok && result.status >= 200 && result.status < 300) {
      delivery.state = "delivered";
      delivery.nextAttemptAt = undefined;
    } else {
      const next = schedule[delivery.attempts.length - 1];
      delivery.state = next === undefined ? "failed" : "retrying";
      pending.dueAt = next === undefined ? undefined : pending.firstAttemptAt + next;
      delivery.nextAttemptAt = pending.dueAt === undefined ? undefined : formatTimestamp(pending.dueAt);
    }
    this.#rearm();
  }

  /** One real timer, for the earliest attempt due: retries also fall due as time passes. */
  #rearm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed) return;
    let earliest = Infinity;
    for (const p of this.#deliveries.items)
      if (!p.inFlight && p.dueAt !== undefined && p.dueAt < earliest) earliest = p.dueAt;
    if (earliest === Infinity) return;
    const delay = Math.min(MAX_TIMER, Math.max(1, Math.ceil(earliest - this.#settings.clock.now())));
    this.#timer = setTimeout(() => void this.runDue(), delay);
    this.#timer.unref();
  }
}
