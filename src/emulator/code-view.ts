import { updatePaymentCodeSchema } from "../protocol";
import { type PaymentCodeRecord, stateOf } from "./code-book";
import type { EmulatorCodeView } from "./emulator-types";

const splitSchema = updatePaymentCodeSchema.shape.additional_info;

/**
 * The split settlement and sub-account the code's create or last update asked for (checked when the call came),
 * typed. A Direct Inquiry payment's `additional_info` is the merchant's answer: shown only if it reads the same way.
 */
function splitOf(
  additionalInfo: Record<string, unknown> | undefined,
): Pick<EmulatorCodeView, "settlement" | "account"> {
  const read = splitSchema.safeParse(additionalInfo);
  if (!read.success || read.data === undefined) return {};
  const { settlement, account } = read.data;
  return {
    ...(settlement === undefined ? {} : { settlement }),
    ...(account === undefined ? {} : { account }),
  };
}

/** A code as the admin API lists it. */
export function codeView(record: PaymentCodeRecord, now: number): EmulatorCodeView {
  return {
    payment_code: record.paymentCode,
    client_id: record.clientId,
    invoice_number: record.invoiceNumber,
    amount: record.amount,
    origin: record.origin,
    chain: record.chain,
    state: record.origin === "direct_inquiry" ? "paid" : stateOf(record, now),
    reusable: record.reusable,
    info: record.info,
    customer: record.customer,
    ...splitOf(record.additionalInfo),
    created_at: new Date(record.createdAt).toISOString(),
    expires_at: new Date(record.expiresAt).toISOString(),
    payments: record.payments.map((p) => ({
      agent_trx_id: p.agentTrxId,
      amount: p.amount,
      paid_at: new Date(p.paidAt).toISOString(),
    })),
  };
}
