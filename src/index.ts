// The root entry: what a merchant mounts and calls. Signing and verifying outside Express are
// in `express-doku/signature`; the testing kit and the local DOKU have subpaths of their own.
// docs/api.md lists all of it.

// The routers.
export { createInquiryRouter } from "./inquiry/create-inquiry-router";
export type { InquiryRouterOptions, InquiryContext, LookupPaymentCode } from "./inquiry/inquiry-options";
export { createNotificationRouter } from "./notification/create-notification-router";
export type { NotificationRouterOptions, NotificationContext, OnPayment } from "./notification/notification-options";
export type { ReceiverOptions } from "./pipeline/receiver-options";
export type { ClientCredentials } from "./signature/keyring";
export type { SecretKey } from "./signature/secret-key";

// What DOKU sends and what the resolver answers.
export type { InquiryRequest } from "./protocol/inquiry-request";
export type { ResolverResult } from "./protocol/resolver-result";
export type { InquiryStatus, ResolverStatus } from "./protocol/inquiry-status";
export { TRANSACTION_STATUSES, type PaymentNotification, type TransactionStatus } from "./protocol/notification";

// Events and reasons.
export type { DokuEvent, EventSink } from "./pipeline/events";
export type { Reason, AuthFailureReason } from "./pipeline/reasons";

// Stores.
export type { Answer } from "./http/answer";
export type { DokuStore, ClaimResult } from "./stores/store";
export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from "./stores/memory/memory-store";
export {
  createRedisStore,
  type RedisStore,
  type RedisStoreOptions,
  type RedisLikeClient,
  type RedisStoreEvent,
} from "./stores/redis-store";

// The calls a merchant makes to DOKU.
export {
  createDokuClient,
  type DokuClient,
  type UpdatePaymentCodeInput,
  type CancelPaymentCodeInput,
} from "./client/create-doku-client";
export { DOKU_BASE_URLS, type DokuClientOptions, type VerifyResponses } from "./client/client-options";
export { DokuError, type DokuErrorType, type DokuErrorDetails } from "./client/doku-error";
export type { ClientEvent } from "./client/client-events";
export type { CallOptions } from "./client/send-call";
export type { PaymentCodeResult, PaymentStatusResult, StatusAnswer, CheckStatus } from "./client/results";
export type {
  CreatePaymentCodeRequest,
  RegisterPaymentCodeRequest,
  UpdatePaymentCodeRequest,
  PaymentCodeAnswer,
} from "./protocol/payment-code-calls";
