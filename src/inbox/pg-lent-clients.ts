/** A `pg` client as the pool lends it: an EventEmitter that emits "error" when its connection dies. */
interface PgClientEvents {
  on(event: "error", listener: (error: Error) => void): unknown;
  removeListener(event: "error", listener: (error: Error) => void): unknown;
}

/** A `pg` Pool (pg-pool): it emits "acquire" as it lends a client and "release" as it takes one back. */
export interface PgPoolLike {
  on(event: "acquire", listener: (client: PgClientEvents) => void): unknown;
  on(event: "release", listener: (error: unknown, client: PgClientEvents) => void): unknown;
  readonly totalCount: number;
}

/** A `pg` Pool, not a single `Client` (which has `on` and `connect` too, and no `totalCount`). */
export function isPgPool(value: unknown): value is PgPoolLike {
  const pool = value as Partial<Record<"on" | "connect" | "totalCount", unknown>> | null;
  return (
    typeof pool === "object" &&
    pool !== null &&
    typeof pool.on === "function" &&
    typeof pool.connect === "function" &&
    typeof pool.totalCount === "number"
  );
}

const heard = new WeakSet<object>();

// The statement in flight, or the transaction's next one, fails with the connection's own error:
// that failure is what the inbox reports (503, DOKU retries). The event itself adds nothing.
const connectionLost = () => undefined;

/**
 * Listens for "error" on each client while the pool lends it. pg-pool takes its own listener off a
 * client it lends, and an ORM that checks one out for a transaction (Kysely, Drizzle) adds none: a
 * connection the database cuts between two statements (a restart, a failover,
 * `pg_terminate_backend`, `idle_in_transaction_session_timeout`) then emits "error" with no one
 * listening, and Node ends the process. Once per pool; every lent client is heard, not only the inbox's.
 */
export function listenWhileLent(pool: PgPoolLike): void {
  if (heard.has(pool)) return;
  heard.add(pool);
  pool.on("acquire", (client) => client.on("error", connectionLost));
  pool.on("release", (_error, client) => client.removeListener("error", connectionLost));
}
