// DOKU's Direct Inquiry: a cashier's till asks about the payment code the customer reads out.
import { createInquiryHandler } from "express-doku/fetch";

import { clients, onEvent } from "../../../lib/doku";
import { findByPaymentCode } from "../../../lib/orders";

// The handler signs with node:crypto, which the Edge runtime does not have.
export const runtime = "nodejs";

export const POST = createInquiryHandler({
  clients,
  onEvent,
  lookupPaymentCode: (paymentCode) => {
    const order = findByPaymentCode(paymentCode);
    if (order === undefined) return { status: "billing_not_found" };
    const bill = { invoice_number: order.invoice, amount: order.amount };
    if (order.paidAt !== undefined) return { status: "billing_already_paid", order: bill };
    if (order.expiresAt <= Date.now()) return { status: "billing_was_expired", order: bill };
    return { status: "success", order: bill, customer: { name: order.customerName } };
  },
});
