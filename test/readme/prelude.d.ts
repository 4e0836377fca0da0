// What the README's code takes from the merchant's own app: its database, its logger, the app
// and the options it already has. The README's blocks compile against these (readme-code.test.ts).
import type expressModule from "express";
import type { Express } from "express";
import type {
  ClientCredentials,
  createInquiryRouter as inquiryRouter,
  createNotificationRouter as notificationRouter,
  EventSink,
  LookupPaymentCode,
  OnPayment,
} from "express-doku";

declare global {
  interface Bill {
    invoice: string;
    amount: number;
    customerName: string;
    paid: boolean;
    expiresAt: number;
  }
  interface OrderRow {
    invoice: string;
    amount: number;
    paidAt: Date | null;
  }
  const db: {
    findBill(paymentCode: string, options: { signal: AbortSignal }): Promise<Bill | undefined>;
    findBillByInvoice(invoice: string): Promise<Bill | undefined>;
    markPaid(invoice: string, dokuKey: string): Promise<void>;
    transaction(
      work: (tx: {
        orders: {
          forUpdate(invoice: string): Promise<OrderRow | undefined>;
          markPaid(invoice: string, paid: { paidAt: Date; dokuKey: string }): Promise<void>;
        };
      }) => Promise<void>,
    ): Promise<void>;
  };
  const logger: { info(line: object): void; warn(line: object): void; error(line: object): void };
  const app: Express;
  /** The Nest app's root module. */
  class AppModule {}
  // What the section's first block required.
  const express: typeof expressModule;
  const createInquiryRouter: typeof inquiryRouter;
  const createNotificationRouter: typeof notificationRouter;
  const clients: ClientCredentials[];
  const lookupPaymentCode: LookupPaymentCode;
  const onPayment: OnPayment;
  const onEvent: EventSink;
}
