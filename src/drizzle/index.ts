export type { DokuInbox, InboxKey, InboxOutcome } from "../inbox/inbox";
export type { SqlInbox } from "../inbox/sql-inbox";
export {
  type DrizzleDatabaseLike,
  drizzleInbox,
  type DrizzleInboxOptions,
  type DrizzleTransaction,
} from "./drizzle-inbox";
