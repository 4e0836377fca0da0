import type { InquiryStatus } from "../../protocol";
import type { CheckId } from "./check-catalog";
import { type CheckOutcome, failed, isRedirect, outcomeOf, passed, toConfirm } from "./check-types";
import { answered, type InquiryCall } from "./inquiry-calls";

/** What DOKU objects to in an answer, its signature aside (inquiry-answers-signed reports it). */
function answerProblems(call: InquiryCall, expected: InquiryStatus): string[] {
  const e = call.exchange;
  if (!e.ok) return [`${call.label}: ${e.detail}`];
  if (isRedirect(e.status)) return [`${call.label}: HTTP ${e.status}, a redirect`];
  const check = call.check;
  const problems = (check?.problems ?? []).filter((p) => p !== check?.signatureProblem);
  if (check?.inquiryStatus !== undefined && check.inquiryStatus !== expected)
    problems.unshift(`answered ${answered(call)}, not status ${expected}`);
  if (expected === "success" && check?.inquiryStatus === "success" && check.echoedPaymentCode === undefined)
    problems.push("a success without online_to_offline_info.payment_code (DOKU's answer carries the code asked)");
  return problems.map((p) => `${call.label}: ${p}`);
}

export function statusOutcome(id: CheckId, call: InquiryCall, expected: InquiryStatus): CheckOutcome {
  const order = call.check?.order;
  const shown = order === undefined ? "" : `, invoice ${order.invoice_number}, amount ${order.amount}`;
  return outcomeOf(id, answerProblems(call, expected), `${call.label}: ${answered(call)}${shown}`);
}

/** The 20-digit integer asked: any of DOKU's statuses will do, but the code echoed must be it, digit for digit. */
export function twentyDigitOutcome(call: InquiryCall, payable?: InquiryCall): CheckOutcome {
  const id = "inquiry-20-digit-code";
  const e = call.exchange;
  if (!e.ok) return failed(id, `${call.label}: ${e.detail}`);
  const echoed = call.check?.echoedPaymentCode;
  if (e.status === 401 || call.check?.inquiryStatus === "invalid_signature")
    return failed(
      id,
      `${call.label}: HTTP ${e.status}: an inquiry with the code as a JSON integer was refused (a verifier that re-serialises the body rounds it before the digest)`,
    );
  const status = call.check?.inquiryStatus;
  // DOKU asks the echo of a success only: a signed refusal without it is DOKU's answer, but shows nothing.
  const refusal =
    echoed === undefined && status !== undefined && status !== "success" && status !== "invalid_signature";
  // A --payable past 2^53 echoed exactly by its success shows the same as the random code would.
  const longPayable = payable?.check?.echoedPaymentCode;
  if (refusal && payable !== undefined && payable.paymentCode.length >= 17 && longPayable === payable.paymentCode)
    return passed(id, `${call.label}: ${answered(call)}; ${payable.label}: echoed exactly`);
  if (refusal)
    return toConfirm(
      id,
      `${call.label}: ${answered(call)} without online_to_offline_info.payment_code, as DOKU allows, but nothing ` +
        "shows the code was read exactly: give a 20-digit code of your staging data as --payable (its success " +
        "echoes it), or confirm that your parser keeps payment_code as a string of digits",
    );
  if (echoed === undefined)
    return failed(
      id,
      `${call.label}: ${answered(call)} without online_to_offline_info.payment_code: nothing shows the code was read exactly`,
    );
  if (echoed !== call.paymentCode)
    return failed(id, `${call.label}: the answer echoes ${echoed}, not ${call.paymentCode}: the code was rounded`);
  const problems = (call.check?.problems ?? []).filter(
    (p) => p !== call.check?.signatureProblem && !p.startsWith("HTTP "),
  );
  return outcomeOf(
    id,
    problems.map((p) => `${call.label}: ${p}`),
    `${call.label}: echoed exactly (${answered(call)})`,
  );
}
