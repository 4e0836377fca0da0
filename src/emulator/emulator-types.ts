import type { CallLogEntry } from "./call-log";
import type { CodeOrigin, CodeState } from "./code-book";
import type { Fault, FaultInput } from "./faults";
import type { NotificationDelivery } from "./till/notification-outbox";
import type { TillInput, TillPayment, TillScreen } from "./till/till";
import type { ErrorAnswer, UndocumentedCase } from "./undocumented-answers";

/** A code as the admin API lists it. */
export interface EmulatorCodeView {
  payment_code: string;
  client_id: string;
  invoice_number: string;
  amount: number;
  origin: CodeOrigin;
  state: CodeState;
  reusable: boolean;
  info: string | undefined;
  customer: { name: string; email?: string | undefined };
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
