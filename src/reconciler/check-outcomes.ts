import type { Outcome } from "../pipeline/create-receiver";
import type { PendingOrder } from "./order-schedule";
import type { FoundOutcome } from "./reconciler-events";

// DOKU, or the way to it, is failing as a whole: the sweep asks no more until the next one.
export const HALTS_SWEEP = new Set(["api", "connection", "not_sent", "not_doku", "authentication", "request_time"]);
// What the notification path answers for a body it refuses: the answer was not a notification.
const REFUSED_REASONS = new Set<string>([
  "invalid_encoding",
  "invalid_json",
  "duplicate_key",
  "invalid_request",
  "invalid_payment_code",
]);

export function errorTypeOf(error: unknown): string {
  // Duck-typed: the client may come from another copy of the package.
  const type =
    error instanceof Error && error.name === "DokuError" ? (error as unknown as { type?: unknown }).type : undefined;
  return typeof type === "string" ? type : "error";
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function foundOutcomeOf(outcome: Outcome): FoundOutcome {
  if (outcome.reason === "handled") return "delivered";
  if (outcome.reason === "duplicate") return "duplicate";
  return REFUSED_REASONS.has(outcome.reason) ? "refused" : "failed";
}

export function orderProblem(order: unknown): string | undefined {
  if (typeof order !== "object" || order === null) return "an entry that is not an object";
  const { invoiceNumber, amount, createdAt } = order as Partial<PendingOrder>;
  if (typeof invoiceNumber !== "string" || invoiceNumber === "" || invoiceNumber.length > 64)
    return "invoiceNumber must be DOKU's invoice number (1 to 64 characters)";
  if (typeof amount !== "number" || !Number.isFinite(amount)) return `${invoiceNumber}: amount must be a number`;
  const created = createdAt instanceof Date ? createdAt.getTime() : createdAt;
  if (typeof created !== "number" || !Number.isFinite(created))
    return `${invoiceNumber}: createdAt must be a Date or epoch ms`;
  return undefined;
}
