const MINUTE_MS = 60_000;

/** At most `perMinute` calls started in any 60 s, on the reconciler's clock. */
export class CallBudget {
  #starts: number[] = [];

  constructor(private readonly perMinute: number) {}

  /** Whether a call may start now; counted if so. */
  take(now: number): boolean {
    while (this.#starts.length > 0 && (this.#starts[0] as number) <= now - MINUTE_MS) this.#starts.shift();
    if (this.#starts.length >= this.perMinute) return false;
    this.#starts.push(now);
    return true;
  }
}
