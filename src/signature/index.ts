// `express-doku/signature`: DOKU's request signature, to sign and verify outside Express.
export { digestBody } from "./digest";
export { stringToSign, type SignatureComponents, type TimestampHeaderName } from "./string-to-sign";
export { signComponents, SIGNATURE_PREFIX } from "./sign";
export { toKeyObject, type SecretKey } from "./secret-key";
export { createKeyring, type ClientCredentials, type Keyring } from "./keyring";
export { parseTimestamp, formatTimestamp } from "./timestamp";
export { signaturesEqual, SIGNATURE_FORMAT } from "./signatures-equal";
export {
  verifySignature,
  type SignedHeaders,
  type VerifyInput,
  type VerifyResult,
  type VerifiedMessage,
  type VerifyFailure,
  type VerifyFailureReason,
} from "./verify";
export {
  signRequest,
  createRequestSigner,
  type SignRequestInput,
  type SignedRequest,
  type RequestHeaders,
  type RequestSigner,
} from "./sign-request";
export { verifyAnswer, type VerifyAnswerInput, type AnswerCheck, type AnswerFailureReason } from "./verify-answer";
