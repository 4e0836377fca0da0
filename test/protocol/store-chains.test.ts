import {
  ALFA_ENVELOPE,
  INDOMARET_ENVELOPE,
  inquiryRequestSchema,
  parseDokuBody,
  type PaymentNotification,
  paymentNotificationSchema,
  storeChainOf,
} from "../../src/protocol";
import { buildInquiryBody, buildNotificationBody } from "../../src/testing";

describe("Alfa's and Indomaret's channels", () => {
  it("names each chain's channel, and no chain for another channel", () => {
    expect(storeChainOf("ONLINE_TO_OFFLINE_ALFA")).toBe("alfa");
    expect(storeChainOf("ONLINE_TO_OFFLINE_INDOMARET")).toBe("indomaret");
    expect(storeChainOf("VIRTUAL_ACCOUNT_BCA")).toBeUndefined();
    expect(INDOMARET_ENVELOPE).toEqual({
      service: { id: "ONLINE_TO_OFFLINE" },
      acquirer: { id: "INDOMARET" },
      channel: { id: "ONLINE_TO_OFFLINE_INDOMARET" },
    });
  });

  it("builds an Indomaret notification on request; Alfa's stays the default", () => {
    expect(buildNotificationBody({ chain: "indomaret" })).toMatchObject({
      ...INDOMARET_ENVELOPE,
      online_to_offline_payment: { identifier: [{ name: "AGENT_ID", value: "INDOMARET" }, {}, {}] },
    });
    expect(buildNotificationBody()).toMatchObject({
      ...ALFA_ENVELOPE,
      online_to_offline_payment: { identifier: [{ name: "AGENT_ID", value: "ALFAMART" }, {}, {}] },
    });
  });

  it("the notification schema takes both chains; the handler tells them apart by channel.id", () => {
    const seen: string[] = [];
    for (const chain of ["alfa", "indomaret"] as const) {
      const parsed = paymentNotificationSchema.safeParse(buildNotificationBody({ chain }));
      expect(parsed.success).toBe(true);
      const notification = parsed.data as PaymentNotification;
      if (notification.channel.id === "ONLINE_TO_OFFLINE_INDOMARET") {
        const id: "ONLINE_TO_OFFLINE_INDOMARET" = notification.channel.id;
        seen.push(id);
      } else seen.push(notification.channel.id);
    }
    expect(seen).toEqual(["ONLINE_TO_OFFLINE_ALFA", "ONLINE_TO_OFFLINE_INDOMARET"]);
  });

  it("the inquiry schema stays Alfa's: an inquiry on Indomaret's envelope is refused", () => {
    const body = JSON.stringify(buildInquiryBody({ paymentCode: "77", overrides: { ...INDOMARET_ENVELOPE } }));
    expect(parseDokuBody(Buffer.from(body), inquiryRequestSchema)).toMatchObject({
      ok: false,
      reason: "invalid_request",
    });
  });
});
