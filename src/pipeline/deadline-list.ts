import { performance } from "node:perf_hooks";

/** One running deadline; `clear` it when the work finishes first. */
export interface Deadline {
  clear(): void;
}

class Entry implements Deadline {
  prev: Entry | undefined;
  next: Entry | undefined;

  constructor(
    readonly list: DeadlineList,
    readonly expiresAt: number,
    public onExpire: (() => void) | undefined,
  ) {}

  clear(): void {
    this.list.unlink(this);
  }
}

/**
 * Deadlines of one length under one shared timer. Every request starts two (its body read,
 * the merchant's function); a Node timer apiece cost about 4% of a request's CPU under load.
 * Deadlines of one length end in the order they start, so the list stays sorted by itself;
 * a cleared one is unlinked at once. The timer is unref'd: whatever waits on a deadline
 * (a socket, the merchant's I/O) keeps the process alive by itself.
 */
export class DeadlineList {
  readonly ms: number;
  readonly #now: () => number;
  #head: Entry | undefined;
  #tail: Entry | undefined;
  #timer: NodeJS.Timeout | undefined;

  /** `now`: a monotonic clock in ms, replaceable for tests. */
  constructor(ms: number, now: () => number = () => performance.now()) {
    this.ms = ms;
    this.#now = now;
  }

  start(onExpire: () => void): Deadline {
    const entry = new Entry(this, this.#now() + this.ms, onExpire);
    entry.prev = this.#tail;
    if (this.#tail === undefined) this.#head = entry;
    else this.#tail.next = entry;
    this.#tail = entry;
    if (this.#timer === undefined) this.#arm(this.ms);
    return entry;
  }

  unlink(entry: Entry): void {
    if (entry.onExpire === undefined) return;
    entry.onExpire = undefined;
    if (entry.prev === undefined) this.#head = entry.next;
    else entry.prev.next = entry.next;
    if (entry.next === undefined) this.#tail = entry.prev;
    else entry.next.prev = entry.prev;
  }

  #arm(delayMs: number): void {
    this.#timer = setTimeout(this.#expire, Math.max(1, Math.ceil(delayMs)));
    this.#timer.unref();
  }

  readonly #expire = (): void => {
    this.#timer = undefined;
    const now = this.#now();
    try {
      for (let head = this.#head; head !== undefined && head.expiresAt <= now; head = this.#head) {
        const onExpire = head.onExpire as () => void;
        this.unlink(head);
        onExpire();
      }
    } finally {
      // A callback may have started a deadline (and so the timer) already.
      if (this.#head !== undefined && this.#timer === undefined) this.#arm(this.#head.expiresAt - now);
    }
  };
}
