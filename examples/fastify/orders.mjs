// @ts-check
// The shop's orders, in memory: a stand-in for your database. Each order has a Direct Inquiry
// payment code, which the customer reads out at an Alfamart till.

/**
 * @typedef {object} Order
 * @property {string} invoice
 * @property {string} paymentCode
 * @property {number} amount  in rupiah
 * @property {string} customerName
 * @property {number} expiresAt  epoch milliseconds
 * @property {string | undefined} paidAt
 */

const inADay = Date.now() + 24 * 60 * 60 * 1000;

/** @type {Order[]} */
const orders = [
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

/** @param {string} paymentCode */
export const findByPaymentCode = (paymentCode) => orders.find((order) => order.paymentCode === paymentCode);

/** @param {string} invoice */
export const findByInvoice = (invoice) => orders.find((order) => order.invoice === invoice);

/** Marks the order paid; false when it already was, and then changes nothing. @param {Order} order */
export function markPaid(order) {
  if (order.paidAt !== undefined) return false;
  order.paidAt = new Date().toISOString();
  return true;
}
