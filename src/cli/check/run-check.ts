import { answerTimeOutcome, timingOf } from "./answer-time-check";
import { CHECK_IDS, type CheckId } from "./check-catalog";
import { type CheckInput, type CheckOutcome, type CheckRun, skipped } from "./check-types";
import { DokuCaller } from "./doku-caller";
import type { Inquirer, InquiryCall } from "./inquiry-calls";
import { inquiryOutcomes } from "./inquiry-checks";
import { notificationOutcomes } from "./notification-checks";
import { answersSignedOutcome } from "./signature-checks";
import { noRedirectOutcome, tlsOutcome } from "./transport-checks";

const INQUIRY_CHECKS = CHECK_IDS.filter((id) => id.startsWith("inquiry-") && id !== "inquiry-url-tls");
const NOTIFY_CHECKS = CHECK_IDS.filter((id) => id.startsWith("notify-") && id !== "notify-url-tls");

/** DOKU's side of a go-live test, against the merchant's two URLs: every check, in DOKU's order. */
export async function runCheck(input: CheckInput): Promise<CheckRun> {
  const startedAt = new Date().toISOString();
  const allowed = [
    input.inquiryUrl,
    input.notifyUrl,
    ...(input.orderStatusUrl === undefined ? [] : [input.orderStatusUrl]),
  ];
  const caller = new DokuCaller(input, allowed);
  const outcomes = new Map<CheckId, CheckOutcome>();
  const add = (o: CheckOutcome) => outcomes.set(o.id, o);
  const skipAll = (ids: readonly CheckId[], why: string) =>
    ids.forEach((id) => outcomes.has(id) || add(skipped(id, why)));

  const inquiryTls = await tlsOutcome("inquiry-url-tls", input.inquiryUrl, input.timeoutMs);
  const notifyTls = await tlsOutcome("notify-url-tls", input.notifyUrl, input.timeoutMs);
  add(inquiryTls);
  add(notifyTls);

  const inquirer: Inquirer = { caller, url: input.inquiryUrl, clientId: input.clientId, secretKey: input.secretKey };
  const genuine: InquiryCall[] = [];
  let payable: InquiryCall | undefined;
  if (inquiryTls.status === "failed")
    skipAll([...INQUIRY_CHECKS, "answer-time"], "not run: the Inquiry URL's TLS failed");
  else {
    const asked = await inquiryOutcomes(inquirer, input.codes, genuine);
    asked.outcomes.forEach(add);
    payable = asked.payable;
  }

  const order = payable?.check?.order;
  if (notifyTls.status === "failed") skipAll(NOTIFY_CHECKS, "not run: the Notification URL's TLS failed");
  else if (payable === undefined || order === undefined)
    skipAll(NOTIFY_CHECKS, "not run: the notifications are for the payable code's order, and its inquiry gave none");
  else {
    const paid = { invoiceNumber: order.invoice_number, amount: order.amount, paymentCode: input.codes.payable };
    const context = { caller, url: input.notifyUrl, inquirer, asked: genuine, orderStatusUrl: input.orderStatusUrl };
    const notified = await notificationOutcomes({
      ...context,
      order: { ...paid, originalRequestId: payable.exchange.requestId },
    });
    notified.forEach(add);
  }

  if (!outcomes.has("inquiry-answers-signed")) add(answersSignedOutcome(genuine));
  if (!outcomes.has("answer-time")) add(answerTimeOutcome(genuine, input.budgetMs));
  for (const [id, url, tls] of [
    ["inquiry-url-no-redirect", input.inquiryUrl, inquiryTls],
    ["notify-url-no-redirect", input.notifyUrl, notifyTls],
  ] as const) {
    const answers = caller.exchanges.filter((e) => e.url === url).map((e) => e.exchange);
    if (tls.status === "failed") add(skipped(id, "not run: the URL's TLS failed"));
    else if (answers.length === 0) add(skipped(id, "not run: nothing was sent to this URL"));
    else add(noRedirectOutcome(id, answers));
  }
  return finish(input, startedAt, caller, outcomes, genuine);
}

function finish(
  input: CheckInput,
  startedAt: string,
  caller: DokuCaller,
  outcomes: Map<CheckId, CheckOutcome>,
  genuine: readonly InquiryCall[],
): CheckRun {
  const ordered = CHECK_IDS.map((id) => outcomes.get(id)).filter((o): o is CheckOutcome => o !== undefined);
  return {
    inquiryUrl: input.inquiryUrl,
    notifyUrl: input.notifyUrl,
    clientId: input.clientId,
    startedAt,
    budgetMs: input.budgetMs,
    requests: caller.requests,
    timing: timingOf(genuine),
    outcomes: ordered,
    ok: ordered.every((o) => o.status !== "failed"),
  };
}
