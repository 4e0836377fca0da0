export type { DokuInbox, InboxKey, InboxOutcome } from "../inbox/inbox";
export type { SqlInbox } from "../inbox/sql-inbox";
export {
  type ClientOfPool,
  type PostgresClientLike,
  postgresInbox,
  type PostgresInboxOptions,
  type PostgresPoolLike,
} from "./postgres-inbox";
