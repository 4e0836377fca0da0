import { type AnswerCheck, type AnswerFailureReason, verifyAnswer, type VerifyAnswerInput } from "../signature";

export type VerifyDokuResponseInput = VerifyAnswerInput;
export type ResponseCheckFailure = AnswerFailureReason;
export type ResponseCheck = AnswerCheck;

/**
 * Checks an inquiry answer as DOKU would (verifyAnswer, under the testing kit's name): headers
 * echoed, a JSON Content-Type, the signature over the exact bytes (`res.text`), and when it
 * fails, the likely cause.
 */
export function verifyDokuResponse(input: VerifyDokuResponseInput): ResponseCheck {
  return verifyAnswer(input);
}
