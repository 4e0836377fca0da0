// Answers DOKU takes, after which the customer at the till cannot pay. `decline` is also what the
// router answers by itself when the app's resolver failed: the reasons its events carry then.
const CANNOT_PAY: Record<string, string> = {
  decline:
    "the app declined. The router declines by itself when lookupPaymentCode threw, timed out or returned data DOKU " +
    "would refuse: look in the app's log (or its onEvent) for reason resolver_error, resolver_timeout or " +
    "invalid_resolver_result",
  billing_not_found: "the app does not know this payment code (billing_not_found)",
  billing_was_expired: "the bill has expired (billing_was_expired)",
  billing_already_paid: "the bill is already paid (billing_already_paid)",
};

/**
 * Whether the customer at the till could pay after this inquiry answer: only after a `success` DOKU
 * takes. The advice says why not when DOKU takes the answer (a problem already says it otherwise).
 */
export function customerOutcome(
  inquiryStatus: string | undefined,
  problems: readonly string[],
): { customerCanPay: boolean; advice?: string } {
  if (problems.length > 0) return { customerCanPay: false };
  const why = inquiryStatus === undefined ? undefined : CANNOT_PAY[inquiryStatus];
  if (why !== undefined) return { customerCanPay: false, advice: `the customer cannot pay: ${why}` };
  return { customerCanPay: inquiryStatus === "success" };
}
