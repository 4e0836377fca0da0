import { randomUUID } from "node:crypto";

import { buildNotificationBody, isRecord, type TransactionStatus } from "../../protocol";
import type { CheckId } from "./check-catalog";
import { type CheckOutcome, failed, is2xx, passed, skipped, toConfirm } from "./check-types";
import type { DokuCaller, Exchange, SendInput } from "./doku-caller";
import { answered, inquire, type Inquirer, inquiryBytes, type InquiryCall } from "./inquiry-calls";
import { refusedOutcome } from "./signature-checks";
import { tamperedRequests } from "./tampered-requests";

interface PaidOrder {
  invoiceNumber: string;
  amount: number;
  paymentCode: string;
  /** The inquiry's Request-Id, as DOKU's notification carries it. */
  originalRequestId: string;
}

interface NotifyContext {
  caller: DokuCaller;
  url: string;
  order: PaidOrder;
  /** To ask the payable code again after the FAILED notification. */
  inquirer: Inquirer;
  /** Where that inquiry goes, with the run's others, for the signature and time checks. */
  asked: InquiryCall[];
  orderStatusUrl?: string | undefined;
}

function notificationBytes(order: PaidOrder, status: TransactionStatus, agentTrxId: string, spaced = false): Buffer {
  const body = buildNotificationBody({
    invoiceNumber: order.invoiceNumber,
    amount: order.amount,
    paymentCode: order.paymentCode,
    status,
    agentTrxId,
    originalRequestId: order.originalRequestId,
  });
  return Buffer.from(spaced ? JSON.stringify(body, null, 2) : JSON.stringify(body));
}

const answered2xxTo = (e: Exchange) => e.ok && is2xx(e.status);
const said = (e: Exchange) => (e.ok ? `HTTP ${e.status}` : e.detail);

function answered2xx(id: Parameters<typeof passed>[0], e: Exchange, label: string): CheckOutcome {
  return answered2xxTo(e) ? passed(id, `${label}: ${said(e)}`) : failed(id, `${label}: ${said(e)}`);
}

/**
 * A 401, or the code the forged notification got, says the signature was checked over other bytes:
 * another non-2xx came after the signature passed, and notify-duplicate or notify-retry says what it means.
 */
function verifiedOverBytes(e: Exchange, label: string, forged: Exchange): CheckOutcome {
  const id = "notify-verifies-exact-bytes";
  if (!e.ok) return failed(id, `${label}: ${e.detail}`);
  if (e.status === 401)
    return failed(id, `${label}: HTTP 401: the signature was verified over other bytes than those received`);
  if (forged.ok && !answered2xxTo(forged) && e.status === forged.status)
    return failed(
      id,
      `${label}: HTTP ${e.status}, as the forged notification got: the signature was verified over other bytes than those received`,
    );
  return passed(id, `${label}: HTTP ${e.status}${answered2xxTo(e) ? "" : ", past the signature check"}`);
}

/** Any non-2xx leaves the order unpaid, as DOKU's 401 does: another code passes, and is said. */
function notificationRefused(id: CheckId, e: Exchange, label: string): CheckOutcome {
  if (!e.ok || answered2xxTo(e) || e.status === 401) return refusedOutcome(id, e, label);
  if (e.headers.get("Signature") !== null) return refusedOutcome(id, e, label);
  return passed(
    id,
    `${label}: refused with HTTP ${e.status} (DOKU's refusal is 401; any non-2xx leaves the order unpaid)`,
  );
}

/** The order's state from the merchant's own status URL: `paid: true` (or a paid object), or state/status "paid". */
function paidIn(json: unknown): boolean | undefined {
  if (!isRecord(json)) return undefined;
  if (json.paid === true || isRecord(json.paid)) return true;
  const state = typeof json.state === "string" ? json.state : json.status;
  if (typeof state === "string") return /^(paid|success|settled)$/i.test(state);
  return json.paid === false || json.paid === null ? false : undefined;
}

async function failedNotPaid(n: NotifyContext, sent: Exchange): Promise<CheckOutcome> {
  const id = "notify-failed-not-paid";
  const label = `FAILED for ${n.order.invoiceNumber}`;
  if (!answered2xxTo(sent)) return failed(id, `${label}: ${said(sent)}`);
  const problems: string[] = [];
  const seen: string[] = [`${label}: ${said(sent)}`];
  const again = await inquire(
    n.inquirer,
    "the payable code after FAILED",
    n.order.paymentCode,
    inquiryBytes(n.order.paymentCode),
  );
  n.asked.push(again);
  const status = again.check?.inquiryStatus;
  if (status === "billing_already_paid") problems.push(`${again.label}: ${answered(again)}: the order was marked paid`);
  else seen.push(`${again.label}: ${answered(again)}`);
  if (n.orderStatusUrl !== undefined) {
    const href = n.orderStatusUrl.replace("{invoice}", encodeURIComponent(n.order.invoiceNumber));
    const state = await n.caller.getJson(href);
    const paid = state.ok ? paidIn(state.json) : undefined;
    if (!state.ok) problems.push(state.detail);
    else if (paid === true) problems.push(`${href} says the order is paid`);
    else if (paid === undefined) problems.push(`${href} (HTTP ${state.status}) says neither paid nor unpaid`);
    else seen.push(`${href}: not paid`);
  }
  if (problems.length > 0) return failed(id, ...problems);
  return {
    id,
    status: n.orderStatusUrl === undefined && status === undefined ? "to confirm" : "passed",
    details: seen,
  };
}

/**
 * DOKU's notifications for the payable code's order: FAILED first (the order must stay unpaid), then
 * the refusals, then SUCCESS, the same call again, DOKU's retry under a new Request-Id, and the
 * retry in other bytes. Four SUCCESS calls for one payment: the merchant confirms it was recorded once.
 */
export async function notificationOutcomes(n: NotifyContext): Promise<CheckOutcome[]> {
  const send = (body: Buffer, extra: Omit<SendInput, "url" | "body"> = {}) =>
    n.caller.send({ url: n.url, body, ...extra });
  const outcomes: CheckOutcome[] = [];
  const trx = () => `CHK${randomUUID().replace(/-/g, "").slice(0, 9).toUpperCase()}`;

  // FAILED before the forged SUCCESS calls: a merchant that takes those would be paid by them, not by FAILED.
  outcomes.push(await failedNotPaid(n, await send(notificationBytes(n.order, "FAILED", trx()))));

  const bogus = notificationBytes(n.order, "SUCCESS", trx());
  const changed = Buffer.from(
    bogus.toString("utf8").replace(`"amount":${n.order.amount}`, `"amount":${n.order.amount + 1}`),
  );
  const refusals: Exchange[] = [];
  for (const { id, label, tamper } of tamperedRequests("notify", { body: changed, what: "the amount" })) {
    const refused = await send(bogus, { tamper });
    refusals.push(refused);
    outcomes.push(notificationRefused(id, refused, label));
  }

  const successTrx = trx();
  const success = notificationBytes(n.order, "SUCCESS", successTrx);
  const first = await send(success);
  outcomes.push(answered2xx("notify-paid", first, `SUCCESS for ${n.order.invoiceNumber}`));
  if (!answered2xxTo(first)) {
    const why = "not run: the SUCCESS notification was not answered 2xx";
    for (const id of ["notify-duplicate", "notify-retry", "notify-verifies-exact-bytes", "notify-runs-once"] as const)
      outcomes.push(skipped(id, why));
    return outcomes;
  }
  outcomes.push(
    answered2xx("notify-duplicate", await send(success, { requestId: first.requestId }), "the same call again"),
  );
  outcomes.push(answered2xx("notify-retry", await send(success), "the same payment under a new Request-Id"));
  const spaced = notificationBytes(n.order, "SUCCESS", successTrx, true);
  outcomes.push(verifiedOverBytes(await send(spaced), "the same payment, spaced out", refusals[0] as Exchange));
  outcomes.push(
    toConfirm(
      "notify-runs-once",
      `${n.order.invoiceNumber} was notified SUCCESS four times (Request-Id ${first.requestId} twice, then two retries): ` +
        "confirm it shows one payment, and that your onPayment (or handler) ran once",
    ),
  );
  return outcomes;
}
