import type { CheckId } from "./check-catalog";

/** How a call departs from DOKU's: each must be refused. */
export type Tamper = "forged-signature" | "unknown-client" | "stale-timestamp" | "changed-body";

export interface TamperedRequest {
  id: CheckId;
  label: string;
  tamper: { kind: Tamper; sentBody?: Buffer };
}

// How, its label, and the check it makes at the inquiry URL and at the notification URL.
const TAMPERS: readonly [Tamper, string, CheckId, CheckId | undefined][] = [
  ["forged-signature", "a forged Signature", "inquiry-forged-signature", "notify-forged-signature"],
  ["unknown-client", "an unknown Client-Id", "inquiry-unknown-client", "notify-unknown-client"],
  // Not at the notification URL: the package's notification router keeps no timestamp window by default.
  ["stale-timestamp", "a Request-Timestamp an hour old", "inquiry-stale-timestamp", undefined],
  ["changed-body", "changed after signing", "inquiry-changed-body", "notify-changed-body"],
];

/**
 * The requests DOKU never sends, in the check's order, to the inquiry URL or the notification URL;
 * `changed` is the genuine body altered after signing, `what` the field altered ("the code").
 */
export function tamperedRequests(
  url: "inquiry" | "notify",
  changed: { body: Buffer; what: string },
): TamperedRequest[] {
  return TAMPERS.flatMap(([kind, label, atInquiry, atNotify]): TamperedRequest[] => {
    const id = url === "inquiry" ? atInquiry : atNotify;
    if (id === undefined) return [];
    if (kind !== "changed-body") return [{ id, label, tamper: { kind } }];
    return [{ id, label: `${changed.what} ${label}`, tamper: { kind, sentBody: changed.body } }];
  });
}
