import { verifySignature, type VerifyInput } from "./verify";

export interface TargetGuess {
  requestTarget: string;
  /** What it means when the signature matches this path instead. */
  cause: string;
}

const GENERIC_CAUSE =
  "the secret key does not match this Client-Id (sandbox and production keys differ; a rotated key belongs in secretKeys), " +
  "or something between DOKU and this server changed the body";

/**
 * Runs only after a `bad_signature`: tries the paths a misconfigured app would have signed
 * with, so the event can name the fix instead of a bare mismatch.
 */
export function diagnoseMismatch(input: VerifyInput, guesses: readonly TargetGuess[]): string {
  for (const guess of guesses) {
    if (verifySignature({ ...input, requestTarget: guess.requestTarget }).valid) return guess.cause;
  }
  return GENERIC_CAUSE;
}
