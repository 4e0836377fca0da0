import { z } from "zod";

export const FAULT_ROUTES = ["create", "create_indomaret", "register", "update", "cancel", "status", "*"] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

/**
 * What to do wrong on a route of DOKU's API, for the next `times` calls (every call when absent).
 * - `latencyMs`: wait before answering.
 * - `outcome`: `lose_answer` does the work, then never answers (the caller times out; the
 *   state changed); `reset` drops the connection before any work; `error_status` answers
 *   `status` (default 503) without doing the work; `html` answers a gateway's HTML page
 *   (status default 502) without doing the work.
 * - `signature`: the answer's signature `wrong` (valid form, other key) or `missing`.
 * - `amountsAsStrings`: amounts and `reusable_status` as strings, as DOKU was seen to send.
 */
export const faultSchema = z.strictObject({
  route: z.enum(FAULT_ROUTES),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  outcome: z.enum(["lose_answer", "reset", "error_status", "html"]).optional(),
  status: z.number().int().min(400).max(599).optional(),
  signature: z.enum(["wrong", "missing"]).optional(),
  amountsAsStrings: z.boolean().optional(),
  times: z.number().int().min(1).max(1_000_000).optional(),
});

export type Fault = z.output<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;

export class FaultTable {
  #faults: Fault[] = [];

  add(fault: Fault): void {
    this.#faults.push({ ...fault });
  }

  /** The first fault for this route (or `*`), counted as used. */
  take(route: Exclude<FaultRoute, "*">): Fault | undefined {
    const index = this.#faults.findIndex((f) => f.route === route || f.route === "*");
    if (index === -1) return undefined;
    const fault = this.#faults[index] as Fault;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times === 0) this.#faults.splice(index, 1);
    }
    return fault;
  }

  list(): readonly Fault[] {
    return this.#faults;
  }

  clear(): void {
    this.#faults = [];
  }
}

/** What `amountsAsStrings` plays: `order.amount` and `reusable_status` as DOKU's oddities (docs/doku-api.md#amounts-as-strings). */
export function withAmountsAsStrings(body: unknown): unknown {
  if (typeof body !== "object" || body === null) return body;
  const copy = structuredClone(body) as Record<string, Record<string, unknown> | undefined>;
  if (typeof copy.order?.amount === "number") copy.order.amount = String(copy.order.amount);
  const info = copy.online_to_offline_info;
  if (typeof info?.reusable_status === "boolean") info.reusable_status = String(info.reusable_status);
  return copy;
}
