/** Thrown when a turn did not come within its wait: the inbox answers 409, as for a lock timeout. */
export class LockWaitTimeout extends Error {
  constructor(ms: number) {
    super(`waited ${ms} ms for the notification before it to finish`);
  }
}

/** One at a time, in order of arrival; a waiter gives up after `timeoutMs`. */
export class Turns {
  #busy = false;
  readonly #waiting: (() => void)[] = [];

  async take(timeoutMs: number): Promise<() => void> {
    if (this.#busy) {
      await new Promise<void>((resolve, reject) => {
        const waiter = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
          reject(new LockWaitTimeout(timeoutMs));
        }, timeoutMs);
        this.#waiting.push(waiter);
      });
    }
    this.#busy = true;
    return () => {
      const next = this.#waiting.shift();
      if (next === undefined) this.#busy = false;
      else next();
    };
  }
}
