export type { DokuInbox, InboxKey, InboxOutcome } from "../inbox/inbox";
export type { SqlInbox } from "../inbox/sql-inbox";
export { kyselyInbox, type KyselyInboxOptions } from "./kysely-inbox";
