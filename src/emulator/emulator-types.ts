import type { SettlementType, StoreChain } from "../protocol";
import type { CallLogEntry } from "./call-log";
import type { CodeOrigin, CodeState } from "./code-book";
import type { Fault, FaultInput } from "./faults";
import type { ErrorAnswer, UndocumentedCase } from "./undocumented-answers";

/** A code as the admin API lists it. */
export interface EmulatorCodeView {
  payment_code: string;
  client_id: string;
  invoice_number: string;
  amount: number;
  origin: CodeOrigin;
  /** `alfa` or `indomaret`: where the customer pays it. */
  chain: StoreChain;
  state: CodeState;
  reusable: boolean;
  info: string | undefined;
  customer: { name: string; email?: string | undefined };
  /** `additional_info.settlement` of the create, register or last update that carried one; absent when none did. */
  settlement?: { bank_account_settlement_id: string; value: number; type: SettlementType }[];
  /** `additional_info.account`: the sub-account credited, as the create, register or last update named it. */
  account?: { id: string };
  created_at: string;
  expires_at: string;
  payments: { agent_trx_id: string; amount: number; paid_at: string }[];
}

/** Who the emulator serves and whom it calls, as it was started. */
export interface EmulatorSetup {
  /** DOKU's base URL for the merchant's client. */
  url: string;
  client_ids: string[];
  /** Where the till sends a Direct Inquiry; `null`: nowhere, such codes are refused. */
  inquiry_url: string | null;
  /** Where payments are notified; `null`: nowhere. */
  notification_url: string | null;
}

/** A running local DOKU. Every method is also an admin API route under /_emulator/. */
export interface DokuEmulator {
  /** Where DOKU's API is: give it to the client as `baseUrl`. */
  readonly url: string;
  /** The cashier's page. */
  readonly tillUrl: string;
  close(): Promise<void>;
  setup(): EmulatorSetup;
  codes(): { codes: EmulatorCodeView[]; limit: number; held: number };
  /** What the POS shows for a code, without paying. */
  inquire(input: TillInput): Promise<TillScreen>;
  /** The customer pays at the till: DOKU's checks, then the signed notification. */
  pay(input: TillInput): Promise<TillPayment>;
  /** Expires a DGPC or MGPC code now; `false` when it holds no such code. */
  expire(paymentCode: string): boolean;
  /** The emulator's clock, epoch ms. */
  now(): number;
  /** Moves the clock forward and makes the notification attempts that fell due; resolves with how many. */
  advanceClock(ms: number): Promise<number>;
  calls(): { calls: readonly CallLogEntry[]; limit: number; dropped: number };
  notifications(): { notifications: NotificationDelivery[]; limit: number; dropped: number };
  faults(): readonly Fault[];
  addFault(fault: FaultInput): void;
  clearFaults(): void;
  answers(): Readonly<Record<UndocumentedCase, ErrorAnswer>>;
  /** Replaces the emulator's answer to a case DOKU does not document. */
  setAnswer(name: UndocumentedCase, answer: ErrorAnswer): void;
  /** Forgets codes, payments, replays, calls, notifications and faults. */
  reset(): void;
}

// What the till shows and does: the cashier page and the admin API see it, the till makes it.

export interface TillInput {
  payment_code: string;
  /** The cash handed over; Alfa and Indomaret take the exact amount only. Default: the bill's amount. */
  amount?: number;
  /** For a Direct Inquiry code: which merchant DOKU asks. Default: the first client. */
  client_id?: string;
  /** The store (`AGENT_ID`). Default ALFAMART for an Alfa code, INDOMARET for an Indomaret code. */
  agent_id?: string;
  agent_store_id?: string;
  /** The notification's `transaction.status`: SUCCESS (default) or FAILED (nothing is paid). */
  status?: "SUCCESS" | "FAILED";
  /** `false`: the payment is taken but its notification is lost, as when DOKU never reaches the merchant. */
  notify?: boolean;
}

export type TillRefusal =
  | "billing_not_found"
  | "billing_was_expired"
  | "billing_already_paid"
  | "cancelled"
  | "declined"
  | "wrong_amount"
  | "merchant_error"
  | "emulator_full";

/** What the store's POS shows once the cashier typed a code. */
export interface TillScreen {
  paymentCode: string;
  source: CodeOrigin | "unknown";
  /** Which chain's till takes it; absent for a code nobody knows. Direct Inquiry codes are Alfa's. */
  chain?: StoreChain;
  payable: boolean;
  invoiceNumber?: string;
  /** The customer's name, as the POS shows it. */
  name?: string;
  amount?: number;
  info?: string;
  refusal?: TillRefusal;
  /** A sentence for the cashier's screen and the developer. */
  detail: string;
  /** For a Direct Inquiry code: the inquiry sent to the merchant and what was wrong with its answer. */
  inquiry?: {
    url: string;
    requestId: string;
    httpStatus: number | undefined;
    status: string | undefined;
    signatureValid: boolean | undefined;
    problems: string[];
  };
}

export interface TillPayment extends TillScreen {
  paid: boolean;
  payment?: {
    agent_id: string;
    agent_store_id: string;
    agent_trx_id: string;
    amount: number;
    paid_at: string;
    transaction_status: string;
  };
  notification?: NotificationDelivery | { state: "not_sent" | "dropped"; reason: string };
}

export interface NotificationAttempt {
  /** ISO time on the emulator's clock. */
  at: string;
  status?: number;
  error?: string;
  durationMs: number;
}

/** One payment's notification and every attempt to deliver it. */
export interface NotificationDelivery {
  id: number;
  url: string;
  clientId: string;
  /** The same on every attempt, as are the body bytes; each attempt is signed afresh. */
  requestId: string;
  invoiceNumber: string;
  paymentCode: string;
  transactionStatus: string;
  /** `delivered` after a 2xx; `retrying` while attempts remain; `failed` when the schedule ran out. */
  state: "delivered" | "retrying" | "failed";
  attempts: NotificationAttempt[];
  nextAttemptAt: string | undefined;
}
