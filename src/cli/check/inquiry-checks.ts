import { randomInt } from "node:crypto";

import { formatTimestamp } from "../../signature";
import { type CheckInput, type CheckOutcome, skipped } from "./check-types";
import { inquire, type Inquirer, inquiryBytes, type InquiryCall } from "./inquiry-calls";
import { statusOutcome, twentyDigitOutcome } from "./inquiry-status-checks";
import { replayOtherBodyOutcome, replaySameOutcome } from "./replay-checks";
import { exactBytesOutcome, refusedOutcome } from "./signature-checks";
import { tamperedRequests } from "./tampered-requests";

/** A code no shop prepared: 20 random digits past 2^53, sent as a JSON integer. */
const twentyDigits = () => `9${Array.from({ length: 19 }, () => randomInt(10)).join("")}`;
/** 16 random digits below 2^53: unknown to the shop, and exact even as a JavaScript number. */
const sixteenDigits = () => `10${Array.from({ length: 14 }, () => randomInt(10)).join("")}`;

/**
 * The inquiries, in DOKU's order: each prepared code, a 20-digit integer, the payable code in other
 * bytes and again under its Request-Id (with its body and with another), then the requests DOKU never
 * sends. The genuine ones go to `genuine`, for the signature and answer-time checks.
 */
export async function inquiryOutcomes(
  inquirer: Inquirer,
  codes: CheckInput["codes"],
  genuine: InquiryCall[],
): Promise<{ outcomes: CheckOutcome[]; payable: InquiryCall }> {
  const outcomes: CheckOutcome[] = [];
  const add = (o: CheckOutcome) => outcomes.push(o);
  const ask = async (label: string, code: string, sent: Buffer, requestId?: string) => {
    const call = await inquire(inquirer, label, code, sent, { requestId });
    genuine.push(call);
    return call;
  };
  const payable = await ask(`the payable code ${codes.payable}`, codes.payable, inquiryBytes(codes.payable));
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
  add(twentyDigitOutcome(longCall, payable));

  const spaced = await ask(
    "the payable code, spaced out",
    codes.payable,
    inquiryBytes(codes.payable, { spaced: true }),
  );
  add(exactBytesOutcome("inquiry-verifies-exact-bytes", spaced, payable));

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
  for (const { id, label, tamper } of tamperedRequests("inquiry", { body: changed, what: "the code" })) {
    const call = await inquire(inquirer, label, codes.payable, payable.sent, { tamper });
    add(refusedOutcome(id, call.exchange, label, call));
  }
  return { outcomes, payable };
}
