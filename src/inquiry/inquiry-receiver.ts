import { type Answer, jsonAnswer } from "../http/answer";
import { functionOption } from "../options/function-option";
import { timerMs } from "../options/number-options";
import type { AuthenticatedRequest } from "../pipeline/authenticate-request";
import type { LateOutcome, Outcome, ReceiverParts } from "../pipeline/create-receiver";
import { REQUEST_FAILURE_STATUS } from "../pipeline/reasons";
import { type ReceiverDefaults, resolveReceiverOptions } from "../pipeline/receiver-options";
import { INQUIRY_HTTP_STATUS } from "../protocol";
import { INQUIRY_TOLERANCE_SEC } from "../signature/timestamp";
import { claimOrWait } from "../stores/claim-or-wait";
import { MemoryStore, MIB } from "../stores/memory/memory-store";
import type { ClaimResult } from "../stores/store";
import { answerInquiry, declineOutcome, type InquiryAnswering } from "./answer-inquiry";
import type { InquiryOptionsFor, LookupPaymentCodeFor } from "./inquiry-context";

const INVALID_SIGNATURE_BODY = { online_to_offline_inquiry: { status: "invalid_signature" } };
const DAY_MS = 24 * 60 * 60 * 1000;
const REPLAYED = "a repeat of an answered Request-Id: the stored answer was sent again";

/** What the framework's adapter decides: the default Request-Target, and whether `path` is needed. */
export type AdapterDefaults<Req> = Pick<ReceiverDefaults<Req>, "requestTarget" | "pathRequired">;

/**
 * DOKU's Direct Inquiry (DIPC) endpoint for Alfa Group payment codes, whatever the framework:
 * verifies the request, asks `lookupPaymentCode`, and answers with a signed body and the
 * status's HTTP code. An adapter mounts what this returns.
 */
export function inquiryReceiver<Req>(
  options: InquiryOptionsFor<Req>,
  adapter: AdapterDefaults<Req>,
): ReceiverParts<Req> {
  // Ten minutes of inquiries at 10 a second (about 620 bytes each) for a small server's memory.
  const config = resolveReceiverOptions(options, {
    toleranceSec: INQUIRY_TOLERANCE_SEC,
    store: () => new MemoryStore({ maxEntries: 6_000, maxBytes: 4 * MIB }),
    ...adapter,
  });
  const timeoutMs = timerMs("timeoutMs", options.timeoutMs, 5_000);
  const answering: InquiryAnswering<Req> = {
    lookupPaymentCode: functionOption<LookupPaymentCodeFor<Req>>("lookupPaymentCode", options.lookupPaymentCode),
    timeoutMs,
    emitInfo1: options.emitInfo1 === true,
    now: config.now,
  };
  // Repeats are recognised for at least twice the timestamp window (a day when it is off).
  const replayTtlMs = config.toleranceSec === false ? DAY_MS : Math.max(2 * config.toleranceSec * 1000, 60_000);
  const leaseMs = timeoutMs * 2 + 5_000;
  const { store } = config;

  async function handle(auth: AuthenticatedRequest, req: Req): Promise<Outcome> {
    const key = `inquiry:${auth.clientId}:${auth.requestId}`;
    let claim: ClaimResult;
    try {
      claim = await claimOrWait({ store, key, fingerprint: auth.digest, leaseMs, waitMs: timeoutMs + 1_000 });
    } catch (error) {
      // The customer at the till still gets an answer; only the replay check is lost.
      const outcome = await answerInquiry(auth, req, answering);
      return {
        ...outcome,
        level: "error",
        error,
        detail: `replay store unavailable, answered without the replay check: ${String(error)}`,
      };
    }
    if (claim.state !== "claimed" && claim.fingerprint !== auth.digest) {
      return {
        answer: jsonAnswer(INQUIRY_HTTP_STATUS.invalid_signature, INVALID_SIGNATURE_BODY),
        reason: "request_id_reused",
        level: "warn",
        inquiryStatus: "invalid_signature",
        detail: "this Request-Id was already used with another body: a replay attempt",
      };
    }
    if (claim.state === "completed") {
      return { answer: claim.answer, reason: "resolved", level: "info", replayed: true, detail: REPLAYED };
    }
    if (claim.state === "pending") {
      return declineOutcome(
        auth,
        "in_progress",
        undefined,
        answering,
        "the first request with this Request-Id is still being answered",
      );
    }
    const { token } = claim;
    // The outcome was made for this request alone: amended in place, not copied.
    const outcome = await answerInquiry(auth, req, answering);
    outcome.afterAnswer = () => recordForReplay(key, token, auth.digest, outcome.answer);
    return outcome;
  }

  /** Stores the answer sent, so that a repeat gets the same bytes; a repeat arriving before this waits for it. */
  async function recordForReplay(
    key: string,
    token: string,
    digest: string,
    answer: Answer,
  ): Promise<LateOutcome | undefined> {
    try {
      if (await store.complete(key, token, digest, answer, replayTtlMs)) return undefined;
      return { level: "error", detail: "the answer was sent but not stored for replay: its claim was no longer held" };
    } catch (error) {
      return { level: "error", error, detail: `the answer was sent but not stored for replay: ${String(error)}` };
    }
  }

  const spec = {
    router: "inquiry" as const,
    rejectionBody: (reason: keyof typeof REQUEST_FAILURE_STATUS) =>
      REQUEST_FAILURE_STATUS[reason] === INQUIRY_HTTP_STATUS.invalid_signature
        ? INVALID_SIGNATURE_BODY
        : { error: reason },
    handle,
  };
  return { config, spec };
}
