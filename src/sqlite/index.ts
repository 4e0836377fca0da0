export type { DokuInbox, InboxKey, InboxOutcome } from "../inbox/inbox";
export type { SqlInbox } from "../inbox/sql-inbox";
export { type SqliteDatabaseLike, sqliteInbox, type SqliteInboxOptions } from "./sqlite-inbox";
