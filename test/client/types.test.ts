import { createDokuClient, type DokuError, type DokuErrorType, type PaymentStatusResult } from "../../src";

// Compiled by `npm test` (tsc): what the types allow and refuse. The calls never run.
const doku = createDokuClient({ clientId: "MCH-1", secretKey: "SK-TYPES", environment: "sandbox" });

async function typed(): Promise<void> {
  const created = await doku.createPaymentCode({
    order: { invoice_number: "INV-1", amount: 150_000 },
    online_to_offline_info: { expired_time: 60, reusable_status: false, info: "Toko Demo" },
    customer: { name: "Ani", email: "ani@example.com" },
  });
  const code: string = created.online_to_offline_info.payment_code;
  const expires: Date | undefined = created.expiresAt;
  const replayed: boolean = created.replayed;
  void [code, expires, replayed];

  const withoutReusable = {
    order: { invoice_number: "I", amount: 1 },
    online_to_offline_info: {},
    customer: { name: "A" },
  };
  // @ts-expect-error reusable_status is mandatory (DOKU's table)
  await doku.createPaymentCode(withoutReusable);
  const mgpc = { online_to_offline_info: { reusable_status: false }, customer: { name: "A" } };
  // @ts-expect-error the amount is a number of rupiah, not a string
  await doku.createPaymentCode({ ...mgpc, order: { invoice_number: "I", amount: "1" } });
  // @ts-expect-error MGPC needs the merchant's payment_code
  await doku.registerPaymentCode({ ...mgpc, order: { invoice_number: "I", amount: 1 } });
  const deleting = {
    order: { invoice_number: "I" },
    online_to_offline_info: { payment_code: "1", status: "DELETE" as const },
  };
  // @ts-expect-error an update cannot say DELETE: that is cancelPaymentCode
  await doku.updatePaymentCode(deleting);

  const indomaret = await doku.createIndomaretPaymentCode({
    order: { invoice_number: "INV-2", amount: 150_000 },
    online_to_offline_info: { reusable_status: false },
    customer: { name: "Ani" },
  });
  const indomaretCode: string = indomaret.paymentCode;
  void indomaretCode;
  // @ts-expect-error Indomaret has no merchant-generated codes
  void doku.registerIndomaretPaymentCode;
  // @ts-expect-error Indomaret codes cannot be updated
  void doku.updateIndomaretPaymentCode;
  // @ts-expect-error Indomaret codes cannot be cancelled
  void doku.cancelIndomaretPaymentCode;

  const status: PaymentStatusResult = await doku.getStatus("INV-1");
  if (status.status === "SUCCESS" && status.isFinal) {
    const amount: number | undefined = status.amount;
    const store: string | undefined = status.identifiers.AGENT_STORE_ID;
    void [amount, store];
  }
  const someNewStatus: PaymentStatusResult["status"] = "REFUNDED_PARTIALLY";
  void someNewStatus;
}

function handle(error: DokuError): string {
  const type: DokuErrorType = error.type;
  switch (type) {
    case "unknown_outcome":
      return error.requestId;
    case "not_sent":
      return `nothing reached ${error.url}`;
    default:
      return String(error.status ?? "no answer");
  }
}

it("compiles", () => {
  expect(typeof typed).toBe("function");
  expect(typeof handle).toBe("function");
});
