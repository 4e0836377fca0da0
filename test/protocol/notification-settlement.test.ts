import {
  type NotifiedSettlementEntry,
  type PaymentNotification,
  paymentNotificationSchema,
  settlementOf,
} from "../../src/protocol";
import { buildNotificationBody } from "../../src/testing";

// Seen in one third-party fixture; DOKU documents no settlement on a notification.
const NETT = [{ bank_account_settlement_id: "SETTLE001", value: 74300, type: "NETT" }];

const parsed = (body: Record<string, unknown>) => {
  const result = paymentNotificationSchema.safeParse(body);
  if (!result.success) throw new Error(result.error.message);
  return result.data as PaymentNotification;
};

describe("settlement data on a notification", () => {
  it("is kept as it came, and read typed by settlementOf", () => {
    const notification = parsed({ ...buildNotificationBody(), settlement: NETT });
    expect(notification.settlement).toEqual(NETT);
    const first: NotifiedSettlementEntry | undefined = settlementOf(notification)?.[0];
    expect(first?.type).toBe("NETT");
  });

  it("keeps the fields DOKU may add to an entry, and a value sent as a string", () => {
    const settlement = [{ bank_account_settlement_id: "SETTLE002", value: "74300.00", type: "NETT", fee: 700 }];
    expect(settlementOf(parsed({ ...buildNotificationBody(), settlement }))).toEqual(settlement);
  });

  it("is absent when DOKU sends none", () => {
    expect(Object.keys(parsed(buildNotificationBody()))).not.toContain("settlement");
  });

  it.each([
    ["a string", "NETT"],
    ["an object", { type: "NETT" }],
    ["an entry of another shape", [{ type: 5 }]],
  ])("of another shape (%s) never refuses the payment and is kept as it came", (_name, settlement) => {
    const notification = parsed({ ...buildNotificationBody({ invoiceNumber: "INV-S1" }), settlement });
    expect(notification.order.invoice_number).toBe("INV-S1");
    expect(notification.settlement).toEqual(settlement);
    expect(settlementOf(notification)).toBeUndefined();
  });
});
