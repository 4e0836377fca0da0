/** One key a notification is recorded under, with what tells a reuse of it from a repeat. */
export interface InboxKey {
  key: string;
  fingerprint: string;
}

/**
 * How a notification's transaction ended. Only `recorded` committed anything: the keys and
 * whatever `work` wrote, together.
 */
export type InboxOutcome<T> =
  | { state: "recorded"; value: T }
  /** `key` was committed before, with `fingerprint`: nothing ran. */
  | { state: "seen"; key: string; fingerprint: string }
  /** Another transaction holds a key past the lock timeout: it is still running. */
  | { state: "busy" }
  /** `work` threw: rolled back. */
  | { state: "failed"; error: unknown }
  /** The database failed (down, connection lost, commit refused): nothing recorded. */
  | { state: "unavailable"; error: unknown; missingTable: boolean };

/**
 * Notifications recorded in the merchant's own database, in the same transaction as the work
 * they cause: the notification router's `inbox` option. `Tx` is the driver's transaction, what
 * `onPayment` gets as `ctx.transaction`.
 */
export interface DokuInbox<Tx> {
  /**
   * In one transaction: records `keys` in the order given and, when none was committed before,
   * runs `work` with the transaction and commits. Never rejects.
   */
  record<T>(keys: readonly InboxKey[], work: (transaction: Tx) => Promise<T>): Promise<InboxOutcome<T>>;
}
