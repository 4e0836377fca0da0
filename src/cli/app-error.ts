import { isRecord, parseJsonObject } from "../protocol";

// The routers answer these in `{ "error": reason }`, unsigned: what each means for the merchant.
const ROUTER_FIXES: Record<string, string> = {
  body_already_consumed:
    "another middleware (express.json()?) read the request body before the DOKU router; mount the router before your body parsers",
  body_too_large: "the body is larger than the router's `limit`",
  handler_error: "onPayment threw; the app's log (or its onEvent) has the error",
  handler_timeout: "onPayment did not finish within the router's `timeoutMs`; the app's log (or its onEvent) says more",
  store_unavailable: "the router's store (Redis?) did not answer; the app's log (or its onEvent) has the error",
  in_progress: "the same notification is still being handled",
};

// The app's text on one line, short, and without control characters a terminal would act on.
const line = (value: unknown): string | undefined => {
  if (typeof value !== "string") return undefined;
  const text = value.replace(/\p{Cc}+/gu, " ").trim();
  return text === "" ? undefined : text.slice(0, 200);
};

// `{ "error": "..." }`, or `{ "error": { "message": "..." } }` as some frameworks nest it.
const wordsOf = (value: unknown): string | undefined =>
  isRecord(value) ? (line(value.message) ?? line(value.code)) : line(value);

/** The app's own words in an answer that is not DOKU's: its `error`, `reason` and `message`, as sent. */
export function appErrorOf(body: Buffer): string | undefined {
  const parsed = parseJsonObject(body);
  if (parsed === undefined) return undefined;
  const words = [parsed.error, parsed.reason, parsed.message, parsed.detail].map(wordsOf);
  const distinct = [...new Set(words.filter((w): w is string => w !== undefined))];
  return distinct.length === 0 ? undefined : distinct.join(": ");
}

/** "the app answered 500 body_already_consumed: <the fix>"; for words the routers do not send, `otherwise` follows. */
export function describeAppError(httpStatus: number, appError: string, otherwise?: string): string {
  const fix = ROUTER_FIXES[appError];
  const after = fix === undefined ? (otherwise === undefined ? "" : `, ${otherwise}`) : `: ${fix}`;
  return `the app answered ${httpStatus} ${appError}${after}`;
}
