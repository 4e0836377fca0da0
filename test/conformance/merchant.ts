// The merchant every mounting is tested with: one table of payment codes and invoices whose
// behaviour the battery knows. Framework-free and imports types only, so the Next.js suite copies
// it into its app as it is (with the import rewritten to the package's name).
import type { DokuEvent, DokuStore, PaymentNotification, ResolverResult } from "../../src";

export const CLIENT_ID = "MCH-CONFORMANCE-1";
export const SECRET_KEY = "conformance-secret-key-not-for-production";
export const LIMIT = 8192;
export const BODY_TIMEOUT_MS = 400;
export const RESOLVER_TIMEOUT_MS = 300;

/** Payment codes, each answered as its name says. */
export const CODES = {
  payable: "8896500000000001",
  declined: "8896500000000002",
  paid: "8896500000000003",
  expired: "8896500000000004",
  unknown: "8896500000000005",
  throws: "8896500000000006",
  hangs: "8896500000000007",
  invalidResult: "8896500000000008",
  twentyDigits: "12345678901234567890",
} as const;

/** Invoices whose payment `onPayment` handles as its prefix says; any other is handled at once. */
export const INVOICES = {
  /** Throws on its first attempt, handled on the next. */
  flaky: "INV-FLAKY-",
  /** Takes 300 ms: duplicates arrive while it runs. */
  slow: "INV-SLOW-",
} as const;

/** What the merchant saw, for the battery to read (in the process, or through a route of the app). */
export interface MerchantRecord {
  events: Pick<DokuEvent, "router" | "reason" | "statusCode" | "replayed" | "requestId" | "level">[];
  lookups: string[];
  payments: { invoice: string; idempotencyKey: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lookup(code: string, signal: AbortSignal): ResolverResult | Promise<ResolverResult> {
  switch (code) {
    case CODES.payable:
    case CODES.twentyDigits:
      return {
        status: "success",
        order: { invoice_number: `INV-${code}`, amount: 150_000 },
        customer: { name: "Ani" },
      };
    case CODES.declined:
      return { status: "decline" };
    case CODES.paid:
      return { status: "billing_already_paid" };
    case CODES.expired:
      return { status: "billing_was_expired" };
    case CODES.throws:
      throw new Error("order database unreachable");
    case CODES.hangs:
      return new Promise((resolve) => signal.addEventListener("abort", () => resolve({ status: "decline" })));
    case CODES.invalidResult:
      return { status: "success", order: { invoice_number: "INV-BAD", amount: -1 }, customer: { name: "Ani" } };
    default:
      return { status: "billing_not_found" };
  }
}

/** The options both routers get on every mounting, `req` left to the framework's type. */
export function conformanceMerchant(stores: { inquiry?: DokuStore; notification?: DokuStore } = {}) {
  const record: MerchantRecord = { events: [], lookups: [], payments: [] };
  const attempts = new Map<string, number>();
  const onEvent = (e: DokuEvent) => {
    const { router, reason, statusCode, replayed, requestId, level } = e;
    record.events.push({ router, reason, statusCode, replayed, requestId, level });
  };
  const common = {
    clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET_KEY] }],
    limit: LIMIT,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    onEvent,
  };
  return {
    record,
    inquiry: {
      ...common,
      store: stores.inquiry,
      timeoutMs: RESOLVER_TIMEOUT_MS,
      lookupPaymentCode: (code: string, ctx: { signal: AbortSignal }) => {
        record.lookups.push(code);
        return lookup(code, ctx.signal);
      },
    },
    notification: {
      ...common,
      store: stores.notification,
      onPayment: async (n: PaymentNotification, ctx: { idempotencyKey: string }) => {
        const invoice = n.order.invoice_number;
        const attempt = (attempts.get(invoice) ?? 0) + 1;
        attempts.set(invoice, attempt);
        if (invoice.startsWith(INVOICES.flaky) && attempt === 1) throw new Error("order database unreachable");
        if (invoice.startsWith(INVOICES.slow)) await sleep(300);
        record.payments.push({ invoice, idempotencyKey: ctx.idempotencyKey });
      },
    },
  };
}

export type ConformanceMerchant = ReturnType<typeof conformanceMerchant>;
