// An order's state, for you to see what DOKU's calls changed.
import { findByInvoice } from "../../../lib/orders";

export async function GET(_request: Request, { params }: { params: Promise<{ invoice: string }> }) {
  const order = findByInvoice((await params).invoice);
  if (order === undefined) return Response.json({ error: "no such order" }, { status: 404 });
  const { invoice, amount, paidAt } = order;
  return Response.json({ invoice, amount, state: paidAt === undefined ? "pending" : "paid", paid_at: paidAt ?? null });
}
