export type { ClientCredentials } from "../signature";
export type { CallKind, CallLogEntry, SignatureCheck } from "./call-log";
export type { CodeOrigin, CodeState } from "./code-book";
export { DOKU_RETRY_SCHEDULE, type DokuEmulatorOptions, type EmulatorLimits } from "./emulator-options";
export type { DokuEmulator, EmulatorCodeView, EmulatorSetup } from "./emulator-types";
export type { NotificationAttempt, NotificationDelivery } from "./emulator-types";
export type { TillInput, TillPayment, TillRefusal, TillScreen } from "./emulator-types";
export { type Fault, FAULT_ROUTES, type FaultInput, type FaultRoute } from "./faults";
export { startDokuEmulator } from "./start-doku-emulator";
export { callMerchant, type MerchantCallInput, type MerchantCallResult } from "./till/merchant-call";
export { fetchFromMerchant } from "./till/merchant-fetch";
export {
  type ErrorAnswer,
  UNDOCUMENTED_ANSWERS,
  UNDOCUMENTED_CASES,
  type UndocumentedCase,
} from "./undocumented-answers";
