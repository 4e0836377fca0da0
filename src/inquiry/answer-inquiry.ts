import type { ZodError } from "zod";

import { signedJsonAnswer } from "../http/answer";
import type { AuthenticatedRequest } from "../pipeline/authenticate-request";
import type { Outcome } from "../pipeline/create-receiver";
import { LazyAbort } from "../pipeline/lazy-abort";
import { MerchantCallContext } from "../pipeline/merchant-call-context";
import type { Reason } from "../pipeline/reasons";
import { runWithDeadline } from "../pipeline/run-with-deadline";
import { LOOKUP_CHANNEL, traced, who } from "../pipeline/traces";
import {
  formatZodIssues,
  INQUIRY_HTTP_STATUS,
  inquiryAnswerBody,
  type InquiryAnswerOptions,
  type InquiryRequest,
  inquiryRequestSchema,
  parseDokuBody,
  resolverResultSchema,
  type ResolverStatus,
  type ValidResolverResult,
} from "../protocol";
import type { InquiryContextFor, LookupPaymentCodeFor } from "./inquiry-context";

/** What signing an inquiry's answer needs of the router's options. */
interface InquiryAnswerSigning extends InquiryAnswerOptions {
  now: () => number;
}

export interface InquiryAnswering<Req> extends InquiryAnswerOptions {
  lookupPaymentCode: LookupPaymentCodeFor<Req>;
  /** The resolver's time budget (`timeoutMs`). */
  timeoutMs: number;
  now: () => number;
}

function signedInquiryAnswer(
  auth: AuthenticatedRequest,
  source: ValidResolverResult | { status: "decline" },
  paymentCode: string | undefined,
  config: InquiryAnswerSigning,
) {
  const body = inquiryAnswerBody(source, paymentCode, config);
  return signedJsonAnswer(INQUIRY_HTTP_STATUS[source.status], body, {
    clientId: auth.clientId,
    requestId: auth.requestId,
    requestTarget: auth.requestTarget,
    key: auth.key,
    nowMs: config.now(),
  });
}

// The request's fault (a warning); anything else is the merchant's resolver (an error).
const SENDER_MISTAKES = new Set<Reason>([
  "invalid_encoding",
  "invalid_json",
  "duplicate_key",
  "invalid_request",
  "invalid_payment_code",
  "in_progress",
]);

/** A signed `decline`: the customer at the till gets a clean refusal, the merchant an event. */
export function declineOutcome(
  auth: AuthenticatedRequest,
  reason: Reason,
  paymentCode: string | undefined,
  config: InquiryAnswerSigning,
  detail: string,
  error?: unknown,
): Outcome {
  return {
    answer: signedInquiryAnswer(auth, { status: "decline" }, paymentCode, config),
    reason,
    level: SENDER_MISTAKES.has(reason) ? "warn" : "error",
    inquiryStatus: "decline",
    paymentCode,
    detail,
    error,
  };
}

class InquiryCall<Req> extends MerchantCallContext implements InquiryContextFor<Req> {
  readonly identifier: unknown[];

  constructor(
    abort: LazyAbort,
    auth: AuthenticatedRequest,
    readonly request: InquiryRequest,
    readonly req: Req,
  ) {
    super(abort, auth);
    this.identifier = request.online_to_offline_inquiry?.identifier ?? [];
  }
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

// Constant sentences: an answer's event costs no string built per request.
const RESOLVED: { readonly [S in ResolverStatus]: string } = {
  success: "lookupPaymentCode answered success: the customer can pay",
  decline: "lookupPaymentCode answered decline: the customer cannot pay this code",
  billing_already_paid: "lookupPaymentCode answered billing_already_paid: the till says the bill is paid",
  billing_was_expired: "lookupPaymentCode answered billing_was_expired: the till says the bill has expired",
  billing_not_found: "lookupPaymentCode answered billing_not_found: the till says the code is unknown",
};

/** Why a result was refused: a missing `return` said as such, else DOKU's limits it breaks. */
function refusedResult(value: unknown, error: ZodError): string {
  if (value === undefined) return "lookupPaymentCode returned undefined (missing return?)";
  if (value === null) return 'lookupPaymentCode returned null: return an object, e.g. { status: "billing_not_found" }';
  return `lookupPaymentCode returned data DOKU would refuse: ${formatZodIssues(error, { max: 3, root: "(result)" })}`;
}

/** parse -> resolve (with a deadline) -> validate -> sign: an authenticated inquiry's answer. */
export async function answerInquiry<Req>(
  auth: AuthenticatedRequest,
  req: Req,
  config: InquiryAnswering<Req>,
): Promise<Outcome> {
  const parsed = parseDokuBody(auth.body, inquiryRequestSchema);
  if (!parsed.ok) return declineOutcome(auth, parsed.reason, parsed.paymentCode, config, parsed.detail);

  const request = parsed.value;
  const code = request.online_to_offline_info.payment_code;
  const abort = new LazyAbort();
  const ctx = new InquiryCall(abort, auth, request, req);
  const lookup = () => config.lookupPaymentCode(code, ctx);
  const run = await runWithDeadline(
    () => traced(LOOKUP_CHANNEL, lookup, () => ({ router: "inquiry", ...who(auth), paymentCode: code })),
    config.timeoutMs,
    abort,
  );
  if (run.kind === "timeout") {
    return declineOutcome(
      auth,
      "resolver_timeout",
      code,
      config,
      `lookupPaymentCode did not answer within ${config.timeoutMs} ms`,
    );
  }
  if (run.kind === "rejected") {
    return declineOutcome(
      auth,
      "resolver_error",
      code,
      config,
      `lookupPaymentCode threw: ${describe(run.error)}`,
      run.error,
    );
  }
  const result = resolverResultSchema.safeParse(run.value);
  if (!result.success) {
    return declineOutcome(auth, "invalid_resolver_result", code, config, refusedResult(run.value, result.error));
  }
  try {
    return {
      answer: signedInquiryAnswer(auth, result.data, code, config),
      reason: "resolved",
      level: "info",
      inquiryStatus: result.data.status,
      paymentCode: code,
      detail: RESOLVED[result.data.status],
    };
  } catch (error) {
    // JSON.stringify throws on a BigInt or a cycle inside additional_info.
    return declineOutcome(
      auth,
      "invalid_resolver_result",
      code,
      config,
      `lookupPaymentCode returned data that is not JSON: ${describe(error)}`,
      error,
    );
  }
}
