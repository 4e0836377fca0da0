import type { InquiryCall } from "../../../src/cli/check/inquiry-calls";
import { answersSignedOutcome } from "../../../src/cli/check/signature-checks";
import { parseOtherUtcTimestamp } from "../../../src/signature/timestamp";

const NOW = Date.UTC(2026, 11, 6, 21, 0, 0);

/** A signed billing_not_found answer received at NOW, with this Response-Timestamp. */
function answerAt(stamp: string): InquiryCall {
  return {
    label: "the unknown code",
    paymentCode: "1000",
    sent: Buffer.from("{}"),
    exchange: {
      ok: true,
      status: 404,
      headers: new Headers({ "Response-Timestamp": stamp }),
      body: Buffer.from("{}"),
      receivedAt: NOW,
      requestId: "r",
      requestTarget: "/i",
      durationMs: 1,
    },
    check: {
      inquiryStatus: "billing_not_found",
      order: undefined,
      customer: undefined,
      info: undefined,
      additionalInfo: undefined,
      signatureValid: true,
      signatureProblem: undefined,
      echoedPaymentCode: undefined,
      problems: [],
    },
  };
}

it("reads UTC written +00:00, +0000, -00:00 or with a small z; not another offset, not DOKU's own form", () => {
  for (const stamp of [
    "2026-12-06T21:00:00+00:00",
    "2026-12-06T21:00:00+0000",
    "2026-12-06T21:00:00-00:00",
    "2026-12-06T21:00:00z",
  ])
    expect(parseOtherUtcTimestamp(stamp)).toBe(NOW);
  for (const stamp of [
    "2026-12-06T21:00:00+07:00",
    "2026-12-06T21:00:00Z",
    "2026-12-06 21:00:00+00:00",
    "2026-02-31T21:00:00+00:00",
  ])
    expect(parseOtherUtcTimestamp(stamp)).toBeUndefined();
});

it("a fresh +00:00 time is to confirm; a stale one, or one not in UTC, still fails", () => {
  expect(answersSignedOutcome([answerAt("2026-12-06T21:00:10+00:00")]).status).toBe("to confirm");
  expect(answersSignedOutcome([answerAt("2026-12-06T20:00:00+00:00")])).toMatchObject({
    status: "failed",
    details: [expect.stringContaining("is 3600 s off this clock")],
  });
  expect(answersSignedOutcome([answerAt("2026-12-06T21:00:00+07:00")])).toMatchObject({
    status: "failed",
    details: [expect.stringContaining("is not YYYY-MM-DDTHH:mm:ssZ in UTC")],
  });
  expect(answersSignedOutcome([answerAt("2026-12-06T21:00:10Z")]).status).toBe("passed");
});
