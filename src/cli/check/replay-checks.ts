import { type CheckOutcome, failed, outcomeOf } from "./check-types";
import { answered, type InquiryCall, isDokuStatus } from "./inquiry-calls";

/** The same call again: one of DOKU's statuses, the same as the first answer's, in the same bytes. */
export function replaySameOutcome(first: InquiryCall, again: InquiryCall): CheckOutcome {
  const id = "inquiry-replay-same";
  const a = first.exchange;
  const b = again.exchange;
  if (!a.ok || !b.ok) return failed(id, `${again.label}: ${b.ok ? "the first call had no answer" : b.detail}`);
  const problems: string[] = [];
  if (!isDokuStatus(again)) problems.push(`${again.label}: ${answered(again)}: none of DOKU's statuses`);
  else if (a.status !== b.status || again.check?.inquiryStatus !== first.check?.inquiryStatus)
    problems.push(`${again.label}: ${answered(again)}, the first time ${answered(first)}`);
  else if (!a.body.equals(b.body))
    problems.push(`${again.label}: the same status, but other bytes than the first time`);
  return outcomeOf(id, problems, `${again.label}: ${answered(again)}, the same bytes as the first time`);
}

/** A known Request-Id with another body: anything but a success. */
export function replayOtherBodyOutcome(call: InquiryCall): CheckOutcome {
  const id = "inquiry-replay-other-body";
  const e = call.exchange;
  if (!e.ok) return failed(id, `${call.label}: ${e.detail}`);
  if (e.status === 200 || call.check?.inquiryStatus === "success")
    return failed(id, `${call.label}: ${answered(call)}: the Request-Id was not remembered`);
  return outcomeOf(id, [], `${call.label}: ${answered(call)}`);
}
