/** An unpaid order of the merchant's, as `pending()` lists it. */
export interface PendingOrder {
  invoiceNumber: string;
  /** What the order bills, in rupiah: a SUCCESS for another amount is refused, never delivered. */
  amount: number;
  /** When the order (its payment code) was made, a Date or epoch ms: not asked about sooner than `minAgeMs` after. */
  createdAt: Date | number;
}

interface OrderState {
  /** Not asked again before this, epoch ms. */
  notBefore: number;
  lastAskedAt: number;
  failures: number;
  /** DOKU gave a final answer, or the payment was handled: never asked again. */
  settled: boolean;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/**
 * When each order is next asked about: no sooner than `minAgeMs` after it was made, once per
 * `intervalMs` while PENDING, later and later after failures, never again once settled. Holds
 * only the orders `pending()` listed last: memory follows the merchant's list.
 */
export class OrderSchedule {
  #states = new Map<string, OrderState>();

  constructor(
    private readonly minAgeMs: number,
    private readonly intervalMs: number,
    private readonly backoff: Backoff,
  ) {}

  /** The orders to ask about now, those asked longest ago (or never) first. */
  due(orders: readonly { order: PendingOrder; createdMs: number }[], now: number): PendingOrder[] {
    const listed = new Set(orders.map((o) => o.order.invoiceNumber));
    for (const invoice of this.#states.keys()) if (!listed.has(invoice)) this.#states.delete(invoice);
    const due = orders.filter(({ order, createdMs }) => {
      const state = this.#states.get(order.invoiceNumber);
      return createdMs + this.minAgeMs <= now && (state === undefined || (!state.settled && state.notBefore <= now));
    });
    const askedAt = (o: PendingOrder) => this.#states.get(o.invoiceNumber)?.lastAskedAt ?? -Infinity;
    return due
      .sort((a, b) => askedAt(a.order) - askedAt(b.order) || a.createdMs - b.createdMs)
      .map(({ order }) => order);
  }

  /** DOKU answered, nothing to do yet (PENDING, or no such payment): asked again in `intervalMs`. */
  answered(invoice: string, now: number): void {
    this.#states.set(invoice, { notBefore: now + this.intervalMs, lastAskedAt: now, failures: 0, settled: false });
  }

  /** The call or the delivery failed: asked again later, each time later. Returns the delay. */
  failed(invoice: string, now: number): number {
    const failures = (this.#states.get(invoice)?.failures ?? 0) + 1;
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** Math.min(failures - 1, 30));
    this.#states.set(invoice, { notBefore: now + delay, lastAskedAt: now, failures, settled: false });
    return delay;
  }

  settle(invoice: string, now: number): void {
    this.#states.set(invoice, { notBefore: Infinity, lastAskedAt: now, failures: 0, settled: true });
  }
}
