export type { DokuInbox, InboxKey, InboxOutcome } from "../inbox/inbox";
export type { SqlInbox } from "../inbox/sql-inbox";
export { type MysqlConnectionLike, mysqlInbox, type MysqlInboxOptions, type MysqlPoolLike } from "./mysql-inbox";
