import type { ResolverResult } from "../../src";

// Type-level checks, run by `npm run typecheck`: the resolver's union narrows, and it cannot
// claim invalid_signature or skip what success requires.
it("narrows the resolver result on status", () => {
  const ok: ResolverResult = { status: "success", order: { invoice_number: "I", amount: 1 }, customer: { name: "A" } };
  if (ok.status === "success") {
    const amount: number = ok.order.amount;
    expect(amount).toBe(1);
  }
  // @ts-expect-error only the package answers invalid_signature
  const forged: ResolverResult = { status: "invalid_signature" };
  // @ts-expect-error success needs order and customer
  const incomplete: ResolverResult = { status: "success" };
  expect([forged, incomplete]).toHaveLength(2);
});
