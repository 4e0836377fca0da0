import type Database from "better-sqlite3";

// The example's bill book on a cancelled bill: a late code is not written onto it, and a payment that
// still came is recorded for a refund, not taken as an ordinary sale.
type Bill = {
  invoice_number: string;
  payment_code: string | null;
  paid_at: number | null;
  cancelled_at: number | null;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createBillBook } = require("../../example-app/bills") as {
  createBillBook(db: Database.Database): {
    create(order: object): Bill;
    cancel(invoice: string): boolean;
    registered(invoice: string, code: { paymentCode: string }): void;
    markPaid(tx: Database.Database, payment: object): string;
    findByInvoice(invoice: string): Bill | undefined;
  };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { paymentHandler } = require("../../example-app/payments") as {
  paymentHandler(
    bills: unknown,
    log: (line: Record<string, unknown>) => void,
  ): (notification: object, ctx: object) => void;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { openDatabase } = require("../../example-app/database") as { openDatabase(path: string): Database.Database };

function cancelledIndomaretBill() {
  const db = openDatabase(":memory:");
  const bills = createBillBook(db);
  const bill = bills.create({ amount: 150_000, customerName: "Ani", expiresInMinutes: 60, method: "indomaret" });
  expect(bills.cancel(bill.invoice_number)).toBe(true);
  return { db, bills, bill };
}

it("a code DOKU confirms after the bill was cancelled is not written onto it", () => {
  const { bills, bill } = cancelledIndomaretBill();
  bills.registered(bill.invoice_number, { paymentCode: "8899000000000001" });
  expect(bills.findByInvoice(bill.invoice_number)).toMatchObject({ payment_code: null, doku_registered_at: null });
});

it("a payment for a cancelled bill is recorded as paid after cancel, and logged for a refund", () => {
  const { db, bills, bill } = cancelledIndomaretBill();
  const lines: Record<string, unknown>[] = [];
  const onPayment = paymentHandler(bills, (line) => lines.push(line));
  onPayment(
    {
      order: { invoice_number: bill.invoice_number, amount: 150_000 },
      transaction: { status: "SUCCESS" },
      online_to_offline_info: { payment_code: "8899000000000001" },
      online_to_offline_payment: { identifier: [{ name: "AGENT_TRX_ID", value: "TRX-1" }] },
    },
    { transaction: db, idempotencyKey: "key-1", source: "notification", requestId: "req-1" },
  );
  expect(bills.findByInvoice(bill.invoice_number)).toMatchObject({
    paid_at: expect.any(Number),
    cancelled_at: expect.any(Number),
  });
  expect(lines).toEqual([
    {
      level: "warn",
      event: "paid_after_cancel",
      invoice: bill.invoice_number,
      amount: 150_000,
      trxId: "TRX-1",
      source: "notification",
      requestId: "req-1",
    },
  ]);
  expect(bills.markPaid(db, { invoice: bill.invoice_number, amount: 150_000, key: "key-2" })).toBe("already_paid");
});
