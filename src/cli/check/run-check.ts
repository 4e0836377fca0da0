import { randomInt } from "node:crypto";

import { formatTimestamp } from "../../signature";
import { answerTimeOutcome, timingOf } from "./answer-time-check";
import { CHECK_IDS, type CheckId } from "./check-catalog";
import { type CheckInput, type CheckOutcome, type CheckRun, skipped } from "./check-types";
import { DokuCaller } from "./doku-caller";
import { inquire, type Inquirer, inquiryBytes, type InquiryCall } from "./inquiry-calls";
import { statusOutcome, twentyDigitOutcome } from "./inquiry-status-checks";
import { notificationOutcomes } from "./notification-checks";
import { replayOtherBodyOutcome, replaySameOutcome } from "./replay-checks";
import { answersSignedOutcome, exactBytesOutcome, refusedOutcome } from "./signature-checks";
import { noRedirectOutcome, tlsOutcome } from "./transport-checks";

/** A code no shop prepared: 20 random digits past 2^53, sent as a JSON integer. */
const twentyDigits = () => `9${Array.from({ length: 19 }, () => randomInt(10)).join("")}`;
/** 16 random digits below 2^53: unknown to the shop, and exact even as a JavaScript number. */
const sixteenDigits = () => `10${Array.from({ length: 14 }, () => randomInt(10)).join("")}`;

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
  const ask = async (label: string, code: string, sent: Buffer, requestId?: string) => {
    const call = await inquire(inquirer, label, code, sent, { requestId });
    genuine.push(call);
    return call;
  };
  let payable: InquiryCall | undefined;
  if (inquiryTls.status === "failed")
    skipAll([...INQUIRY_CHECKS, "answer-time"], "not run: the Inquiry URL's TLS failed");
  else {
    const codes = input.codes;
    payable = await ask(`the payable code ${codes.payable}`, codes.payable, inquiryBytes(codes.payable));
    add(statusOutcome("inquiry-payable", payable, "success"));
    for (const [id, code, status, flag] of [
      ["inquiry-paid", codes.paid, "billing_already_paid", "--paid"],
      ["inquiry-expired", codes.expired, "billing_was_expired", "--expired"],
    ] as const) {
      if (code === undefined) add(skipped(id, `not run: give ${flag} CODE, a code of that state in your staging data`));
      else add(statusOutcome(id, await ask(`the ${flag.slice(2)} code ${code}`, code, inquiryBytes(code)), status));
    }
    const unknown = codes.unknown ?? sixteenDigits();
    add(
      statusOutcome(
        "inquiry-unknown",
        await ask(`the unknown code ${unknown}`, unknown, inquiryBytes(unknown)),
        "billing_not_found",
      ),
    );
    const long = twentyDigits();
    const longCall = await ask(`the 20-digit integer ${long}`, long, inquiryBytes(long, { asInteger: true }));
    add(twentyDigitOutcome(longCall));

    const spaced = await ask(
      "the payable code, spaced out",
      codes.payable,
      inquiryBytes(codes.payable, { spaced: true }),
    );
    const payableStatus = payable.exchange.ok ? payable.exchange.status : 200;
    add(exactBytesOutcome("inquiry-verifies-exact-bytes", spaced.exchange, payableStatus, spaced.label));

    const sameAgain = await ask(
      "the payable code's inquiry again",
      codes.payable,
      payable.sent,
      payable.exchange.requestId,
    );
    add(replaySameOutcome(payable, sameAgain));
    const later = formatTimestamp(Date.now() + 1000);
    const otherBody = await inquire(
      inquirer,
      "its Request-Id with another body",
      codes.payable,
      inquiryBytes(codes.payable, { date: later }),
      {
        requestId: payable.exchange.requestId,
      },
    );
    add(replayOtherBodyOutcome(otherBody));

    const changed = Buffer.from(payable.sent.toString("utf8").replace(codes.payable, sixteenDigits()));
    for (const [id, kind, label] of [
      ["inquiry-forged-signature", "forged-signature", "a forged Signature"],
      ["inquiry-unknown-client", "unknown-client", "an unknown Client-Id"],
      ["inquiry-stale-timestamp", "stale-timestamp", "a Request-Timestamp an hour old"],
      ["inquiry-changed-body", "changed-body", "the code changed after signing"],
    ] as const) {
      const tamper = kind === "changed-body" ? { kind, sentBody: changed } : { kind };
      const call = await inquire(inquirer, label, codes.payable, payable.sent, { tamper });
      add(refusedOutcome(id, call.exchange, label, call));
    }
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
