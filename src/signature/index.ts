// `express-doku/signature`: DOKU's request signature, to sign and verify outside Express.
export { digestBody } from "./digest";
export { type ClientCredentials, createKeyring, type Keyring } from "./keyring";
export { type SecretKey, toKeyObject } from "./secret-key";
export { SIGNATURE_PREFIX, signComponents } from "./sign";
export {
  createRequestSigner,
  type RequestHeaders,
  type RequestSigner,
  type SignedRequest,
  signRequest,
  type SignRequestInput,
} from "./sign-request";
export { SIGNATURE_FORMAT, signaturesEqual } from "./signatures-equal";
export { type SignatureComponents, stringToSign, type TimestampHeaderName } from "./string-to-sign";
export { formatTimestamp, parseTimestamp } from "./timestamp";
export {
  type SignedHeaders,
  type VerifiedMessage,
  type VerifyFailure,
  type VerifyFailureReason,
  type VerifyInput,
  type VerifyResult,
  verifySignature,
} from "./verify";
export { type AnswerCheck, type AnswerFailureReason, verifyAnswer, type VerifyAnswerInput } from "./verify-answer";
