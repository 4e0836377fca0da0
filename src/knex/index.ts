export type { DokuInbox, InboxKey, InboxOutcome } from "../inbox/inbox";
export type { SqlInbox } from "../inbox/sql-inbox";
export { knexInbox, type KnexInboxOptions } from "./knex-inbox";
