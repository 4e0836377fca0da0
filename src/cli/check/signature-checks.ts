import { INQUIRY_TOLERANCE_SEC, parseOtherUtcTimestamp, parseTimestamp } from "../../signature/timestamp";
import type { CheckId } from "./check-catalog";
import { type CheckOutcome, failed, is2xx, outcomeOf, passed, toConfirm } from "./check-types";
import type { Exchange } from "./doku-caller";
import { answered, type InquiryCall, isDokuStatus } from "./inquiry-calls";

/** Every answer to a genuine inquiry, 401s aside (they are never signed): signed, echoed, fresh. */
export function answersSignedOutcome(calls: readonly InquiryCall[]): CheckOutcome {
  // The same problem on every answer is said once, with the answers it was seen on.
  const seen = new Map<string, string[]>();
  const problem = (label: string, text: string) => seen.set(text, [...(seen.get(text) ?? []), label]);
  const notes = new Map<string, string[]>();
  const note = (label: string, text: string) => notes.set(text, [...(notes.get(text) ?? []), label]);
  let signed = 0;
  for (const call of calls) {
    const e = call.exchange;
    if (!e.ok || e.status === 401 || call.check?.signatureValid === undefined) continue;
    if (call.check.signatureProblem !== undefined) problem(call.label, call.check.signatureProblem);
    const stamp = e.headers.get("Response-Timestamp");
    const strict = stamp === null ? undefined : parseTimestamp(stamp);
    const other = stamp === null || strict !== undefined ? undefined : parseOtherUtcTimestamp(stamp);
    const at = strict ?? other;
    if (stamp !== null && at === undefined)
      problem(call.label, `Response-Timestamp ${JSON.stringify(stamp)} is not YYYY-MM-DDTHH:mm:ssZ in UTC`);
    // An answer's time is held to the window the package's inquiry router keeps for requests.
    else if (at !== undefined && Math.abs(e.receivedAt - at) > INQUIRY_TOLERANCE_SEC * 1000)
      problem(
        call.label,
        `Response-Timestamp ${stamp as string} is ${Math.round(Math.abs(e.receivedAt - at) / 1000)} s off this clock (a clock not on UTC?)`,
      );
    else if (other !== undefined)
      note(
        call.label,
        `Response-Timestamp ends in ${(stamp as string).slice(19).replace(/^\.\d+/, "")}: UTC, fresh and ` +
          'signed, but DOKU\'s samples end in Z (2020-08-11T08:45:42Z); DOKU documents only "ISO 8601 in UTC", and ' +
          "whether it takes another form is unknown: confirm with DOKU, or write the time with Z",
      );
    signed++;
  }
  if (signed === 0) return failed("inquiry-answers-signed", "no inquiry was answered with one of DOKU's statuses");
  const said = (lines: Map<string, string[]>) =>
    [...lines].map(
      ([text, labels]) =>
        `${labels[0] as string}${labels.length > 1 ? ` and ${labels.length - 1} more answers` : ""}: ${text}`,
    );
  const problems = said(seen);
  if (problems.length === 0 && notes.size > 0) return toConfirm("inquiry-answers-signed", ...said(notes));
  return outcomeOf("inquiry-answers-signed", problems, `${signed} answers signed, echoed and fresh`);
}

/** A genuine request in bytes that JSON.stringify would not write: answered as the compact one was, with DOKU's status. */
export function exactBytesOutcome(id: CheckId, call: InquiryCall, compact: InquiryCall): CheckOutcome {
  const { exchange, label } = call;
  if (!exchange.ok) return failed(id, `${label}: ${exchange.detail}`);
  if (exchange.status === 401)
    return failed(id, `${label}: HTTP 401: the signature was verified over other bytes than those received`);
  const expected = compact.exchange.ok ? compact.exchange.status : 200;
  if (exchange.status !== expected)
    return failed(id, `${label}: HTTP ${exchange.status}, where the same request in compact JSON got ${expected}`);
  if (!isDokuStatus(call)) return failed(id, `${label}: ${answered(call)}: none of DOKU's statuses`);
  if (call.check?.inquiryStatus !== compact.check?.inquiryStatus)
    return failed(id, `${label}: ${answered(call)}, where the same request in compact JSON got ${answered(compact)}`);
  return passed(id, `${label}: ${answered(call)}`);
}

/** A request DOKU never sends: 401, with no signature on the answer (nothing is signed for a stranger). */
export function refusedOutcome(id: CheckId, exchange: Exchange, label: string, call?: InquiryCall): CheckOutcome {
  if (!exchange.ok) return failed(id, `${label}: ${exchange.detail}`);
  const what = call === undefined ? `HTTP ${exchange.status}` : answered(call);
  const problems: string[] = [];
  const status = call?.check?.inquiryStatus;
  // A 2xx, or one of DOKU's answers to a genuine inquiry, shows the request was read as genuine.
  const taken = is2xx(exchange.status) || (status !== undefined && status !== "invalid_signature");
  if (taken) problems.push(`${label}: answered ${what}: the request was taken`);
  else if (exchange.status !== 401) problems.push(`${label}: refused with ${what}; DOKU's refusal is 401`);
  if (exchange.headers.get("Signature") !== null)
    problems.push(
      `${label}: the refusal carries a Signature: nothing should be signed for a request not authenticated`,
    );
  return outcomeOf(id, problems, `${label}: HTTP 401, unsigned`);
}
