import type { DokuInbox } from "../inbox/inbox";
import { optionError } from "../options/option-error";
import type { DokuStore } from "../stores/store";

/** The `inbox` option, checked: it replaces the store for notifications, so not both. */
export function inboxOption<Tx>(value: unknown, store: unknown): DokuInbox<Tx> | undefined {
  if (value === undefined) return undefined;
  const record = typeof value === "object" && value !== null ? (value as Record<string, unknown>).record : undefined;
  if (typeof record !== "function") {
    throw optionError("inbox", "must be an inbox: postgresInbox(), mysqlInbox(), sqliteInbox(), sqlInbox() …");
  }
  if (store !== undefined) {
    throw optionError("store", "is given with an inbox, which records the notifications itself: give one of them");
  }
  return value as DokuInbox<Tx>;
}

/** In the place of the default store when an inbox records the notifications: never called, holds nothing. */
export const NO_STORE: DokuStore = {
  claim: () => Promise.reject(new Error("the inbox records the notifications")),
  complete: () => Promise.resolve(false),
  release: () => Promise.resolve(false),
  renew: () => Promise.resolve(false),
};
