/**
 * The emulator's time. `now()` is the business clock: the source (the wall clock unless a test
 * gives one) plus however far the emulator was moved forward; expiry, DOKU's dates and
 * notification retries read it. `signingNow()` is the source alone: signed timestamps and the
 * 3,600 s window stay on it, since the merchant checks them against its own clock.
 */
export class EmulatorClock {
  readonly #source: () => number;
  #offsetMs = 0;

  constructor(source: () => number = Date.now) {
    this.#source = source;
  }

  signingNow(): number {
    return this.#source();
  }

  now(): number {
    return this.#source() + this.#offsetMs;
  }

  /** Moves time forward (never back: what has expired stays expired). */
  advance(ms: number): number {
    this.#offsetMs += ms;
    return this.now();
  }
}
