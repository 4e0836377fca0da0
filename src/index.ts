// The root entry: what a merchant mounts and calls. Signing and verifying outside Express are
// in `express-doku/signature`; the testing kit and the local DOKU have subpaths of their own.
// docs/api.md lists all of it.

// The routers.
export { createInquiryRouter } from "./inquiry/create-inquiry-router";
export type {
  InquiryContext,
  InquiryRouterOptions,
  LookupPaymentCode,
  ReceiverOptions,
} from "./inquiry/inquiry-options";
export { createNotificationRouter } from "./notification/create-notification-router";
export type { NotificationContext, NotificationRouterOptions, OnPayment } from "./notification/notification-options";
export type { ClientCredentials } from "./signature/keyring";
export type { SecretKey } from "./signature/secret-key";

// What DOKU sends and what the resolver answers.
export type { InquiryRequest } from "./protocol";
export type { ResolverResult } from "./protocol";
export type { InquiryStatus, ResolverStatus } from "./protocol";
export {
  type NotifiedSettlementEntry,
  type PaymentNotification,
  settlementOf,
  TRANSACTION_STATUSES,
  type TransactionStatus,
} from "./protocol";
export { type StoreChain, storeChainOf, type StoreChannelId } from "./protocol";

// Events and reasons.
export type { DokuEvent, EventSink } from "./pipeline/events";
export type { AuthFailureReason, Reason } from "./pipeline/reasons";

// Stores.
export type { Answer } from "./http/answer";
export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from "./stores/memory/memory-store";
export {
  createRedisStore,
  type RedisLikeClient,
  type RedisStore,
  type RedisStoreEvent,
  type RedisStoreOptions,
} from "./stores/redis-store";
export type { ClaimResult, DokuStore, Readiness, ReadyOptions } from "./stores/store";

// Notifications recorded in the merchant's own database (the adapters: express-doku/postgres, /sqlite).
export type { DokuInbox, InboxKey, InboxOutcome } from "./inbox/inbox";
export type { SqlDialect, SqlDurabilityFindings, SqlFailure } from "./inbox/sql-dialect";
export {
  type InTransaction,
  type SqlInbox,
  sqlInbox,
  type SqlInboxOptions,
  type SqlResult,
  type SqlRun,
} from "./inbox/sql-inbox";

// Payments whose notification never came: Check Status, through the notification's exactly-once path.
export {
  createReconciler,
  type FoundOutcome,
  type OnReconciledPayment,
  type PendingOrder,
  type Reconciler,
  type ReconcilerContext,
  type ReconcilerEvent,
  type ReconcilerEventSink,
  type ReconcilerOptions,
  type SweepResult,
} from "./reconciler";

// The calls a merchant makes to DOKU.
export type { ClientEvent, ClientOperation } from "./client/client-events";
export { DOKU_BASE_URLS, type DokuClientOptions, type VerifyResponses } from "./client/client-options";
export type { ClientTrace } from "./client/client-trace";
export {
  type CancelPaymentCodeInput,
  createDokuClient,
  type DokuClient,
  type UpdatePaymentCodeInput,
} from "./client/create-doku-client";
export { DokuError, type DokuErrorDetails, type DokuErrorType } from "./client/doku-error";
export type { CheckStatus, PaymentCodeResult, PaymentStatusResult, StatusAnswer } from "./client/results";
export type { CallOptions } from "./client/send-call";
export type {
  CreatePaymentCodeRequest,
  PaymentCodeAnswer,
  RegisterPaymentCodeRequest,
  UpdatePaymentCodeRequest,
} from "./protocol";
