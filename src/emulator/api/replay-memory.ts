/** The first answer to a Request-Id, replayed with 409 when the same call comes again (docs/doku-api.md#idempotency-and-409). */
export interface FirstAnswer {
  /** Method, path and body digest of the call that got it. */
  fingerprint: string;
  status: number;
  body: Buffer;
}

/** At most `limit` answers, kept by Client-Id and Request-Id; the oldest go first. */
export class ReplayMemory {
  readonly #limit: number;
  #answers = new Map<string, FirstAnswer>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(clientId: string, requestId: string): FirstAnswer | undefined {
    return this.#answers.get(`${clientId}\n${requestId}`);
  }

  remember(clientId: string, requestId: string, answer: FirstAnswer): void {
    this.#answers.set(`${clientId}\n${requestId}`, answer);
    if (this.#answers.size > this.#limit) {
      const oldest = this.#answers.keys().next().value as string;
      this.#answers.delete(oldest);
    }
  }

  clear(): void {
    this.#answers.clear();
  }
}
