import { type VerifyInput, verifySignature } from "./verify";

export interface TargetGuess {
  requestTarget: string;
  /** What it means when the signature matches this path instead. */
  cause: string;
}

const KEY_CAUSE =
  "none of the usual mismatches explains it (the path with and without the mount prefix or a proxy's prefix, " +
  "a trailing slash, letter case, the host, the query string; the body re-formatted): " +
  "the secret key does not match this Client-Id (sandbox and production keys differ; a rotated key belongs in secretKeys)";

/** Bodies a sender would have signed if something re-formatted the JSON on the way. */
function bodyGuesses(body: VerifyInput["body"]): { body: string; cause: string }[] {
  if (body === undefined) return [];
  const text = body.toString();
  const guesses: { body: string; cause: string }[] = [];
  try {
    const compact = JSON.stringify(JSON.parse(text));
    if (compact !== text)
      guesses.push({
        body: compact,
        cause:
          "the signature covers the body as compact JSON, not the bytes received: something between the sender and this server re-formatted it",
      });
  } catch {
    // not JSON: nothing to re-format
  }
  if (text.endsWith("\n"))
    guesses.push({
      body: text.slice(0, -1),
      cause: "the signature covers the body without its last newline: something added it after signing",
    });
  else
    guesses.push({
      body: `${text}\n`,
      cause: "the signature covers the body with a newline at its end: something removed it after signing",
    });
  return guesses;
}

/**
 * Runs only after a `bad_signature`: tries what a misconfigured sender, proxy or app would have
 * signed (other paths, then re-formatted bodies), so the event can name the fix instead of a
 * bare mismatch; the key is blamed only when nothing else explains it.
 */
export function diagnoseMismatch(input: VerifyInput, guesses: readonly TargetGuess[]): string {
  for (const guess of guesses) {
    if (verifySignature({ ...input, requestTarget: guess.requestTarget }).valid) return guess.cause;
  }
  for (const guess of bodyGuesses(input.body)) {
    if (verifySignature({ ...input, body: guess.body }).valid) return guess.cause;
  }
  return KEY_CAUSE;
}
