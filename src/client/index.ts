export { createDokuClient, type DokuApiClient, type UpdatePaymentCodeInput, type CancelPaymentCodeInput } from "./create-doku-client";
export { DOKU_BASE_URLS, type DokuClientOptions, type VerifyResponses } from "./client-options";
export { DokuError, type DokuErrorType, type DokuErrorDetails } from "./doku-error";
export type { ClientEvent } from "./client-events";
export type { CallOptions } from "./send-call";
export type { PaymentCodeResult, PaymentStatusResult, StatusAnswer, CheckStatus } from "./results";
export type {
  CreatePaymentCodeRequest,
  RegisterPaymentCodeRequest,
  UpdatePaymentCodeRequest,
  PaymentCodeAnswer,
} from "../protocol/payment-code-calls";
