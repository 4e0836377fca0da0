// The shop's orders, in memory: a stand-in for your database. Each order has a Direct Inquiry
// payment code, which the customer reads out at an Alfamart till.

export interface Order {
  invoice: string;
  paymentCode: string;
  /** In rupiah. */
  amount: number;
  customerName: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  paidAt: string | undefined;
}

const inADay = Date.now() + 24 * 60 * 60 * 1000;

const orders: Order[] = [
  {
    invoice: "INV-1001",
    paymentCode: "8896512345678123",
    amount: 150_000,
    customerName: "Ani",
    expiresAt: inADay,
    paidAt: undefined,
  },
  {
    invoice: "INV-1002",
    paymentCode: "8896512345678124",
    amount: 75_000,
    customerName: "Budi",
    expiresAt: inADay,
    paidAt: undefined,
  },
];

export const findByPaymentCode = (paymentCode: string) => orders.find((order) => order.paymentCode === paymentCode);

export const findByInvoice = (invoice: string) => orders.find((order) => order.invoice === invoice);

/** Marks the order paid; false when it already was, and then changes nothing. */
export function markPaid(order: Order): boolean {
  if (order.paidAt !== undefined) return false;
  order.paidAt = new Date().toISOString();
  return true;
}
