export { startDokuEmulator, type DokuEmulator, type EmulatorCodeView } from "./start-doku-emulator";
export { DOKU_RETRY_SCHEDULE, type DokuEmulatorOptions, type EmulatorClient, type EmulatorLimits } from "./emulator-options";
export { UNDOCUMENTED_ANSWERS, UNDOCUMENTED_CASES, type ErrorAnswer, type UndocumentedCase } from "./doku-errors";
export { FAULT_ROUTES, type Fault, type FaultInput, type FaultRoute } from "./faults";
export type { CallLogEntry, CallKind, SignatureCheck } from "./call-log";
export type { NotificationDelivery, NotificationAttempt } from "./notification-outbox";
export type { TillInput, TillScreen, TillPayment, TillRefusal } from "./till";
export type { CodeOrigin, CodeState } from "./code-book";
export { callMerchant, type MerchantCallInput, type MerchantCallResult } from "./merchant-call";
