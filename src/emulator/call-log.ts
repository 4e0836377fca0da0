import { BoundedList } from "./bounded-list";

export type CallKind =
  "create" | "create_indomaret" | "register" | "update" | "cancel" | "status" | "unknown" | "inquiry" | "notification";

/** How a signature was checked: the request's (calls received) or the answer's (calls made). */
export interface SignatureCheck {
  valid: boolean;
  /** Why it failed, e.g. `invalid_signature`, `bad_signature`, `missing_header`. */
  reason?: string;
  detail?: string;
}

/** One call the emulator received (DOKU's API) or made (to the merchant). */
export interface CallLogEntry {
  id: number;
  /** ISO time on the emulator's clock. */
  at: string;
  direction: "received" | "sent";
  kind: CallKind;
  method: string;
  /** The path called (received) or the URL (sent). */
  url: string;
  clientId: string | undefined;
  requestId: string | undefined;
  requestTimestamp: string | undefined;
  /** base64 SHA-256 of the request body, so a test can tell whether a retry sent the same bytes. */
  bodyDigest: string | undefined;
  /** The request body as text, clipped at 4 KiB. */
  body: string | undefined;
  /** The HTTP status answered; `undefined` when no answer came (or none was sent). */
  status: number | undefined;
  /** The answer body as text, clipped at 4 KiB. */
  answer: string | undefined;
  signature: SignatureCheck | undefined;
  /** The fault that was played on this call, if any. */
  fault?: string;
  /** For calls made: why no answer came (timeout, connection refused). */
  error?: string;
  /** Replayed from an earlier call with the same Request-Id. */
  replayed?: boolean;
  /** For a notification: which attempt (1 = the first). */
  attempt?: number;
  durationMs: number;
}

const CLIP = 4096;
export const loggedBody = (bytes: Buffer | undefined): string | undefined =>
  bytes === undefined
    ? undefined
    : bytes.length > CLIP
      ? `${bytes.subarray(0, CLIP).toString("utf8")}…`
      : bytes.toString("utf8");

export class CallLog {
  readonly #entries: BoundedList<CallLogEntry>;
  readonly #onCall: ((entry: CallLogEntry) => void) | undefined;
  #nextId = 1;

  constructor(limit: number, onCall: ((entry: CallLogEntry) => void) | undefined) {
    this.#entries = new BoundedList(limit);
    this.#onCall = onCall;
  }

  record(entry: Omit<CallLogEntry, "id">): CallLogEntry {
    const full = { id: this.#nextId++, ...entry };
    this.#entries.add(full);
    try {
      this.#onCall?.(full);
    } catch {
      // A logging hook's failure is the hook's own.
    }
    return full;
  }

  view(): { calls: readonly CallLogEntry[]; limit: number; dropped: number } {
    return { calls: this.#entries.items, limit: this.#entries.limit, dropped: this.#entries.dropped };
  }

  clear(): void {
    this.#entries.clear();
  }
}
