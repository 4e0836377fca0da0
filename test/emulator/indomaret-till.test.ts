import type { DokuEmulator, NotificationDelivery } from "../../src/emulator";
import { INDOMARET_ENVELOPE } from "../../src/protocol";
import { buildInquiryBody, dokuInquiryRequest } from "../../src/testing";
import { callDoku, CLIENT_ID, dgpcBody, emulatorWith, SECRET } from "../support/doku-api";
import { merchant, type Shop } from "./router-merchant";

const INDOMARET_PATH = "/indomaret-online-to-offline/v2/payment-code";
const MINUTE = 60_000;

let shop: Shop;
let emulator: DokuEmulator;

afterEach(async () => {
  await emulator?.close();
  await shop?.close();
});

async function start(notifyStatuses: number[] = []) {
  shop = await merchant({}, notifyStatuses);
  emulator = await emulatorWith({
    inquiryUrl: `${shop.url}/doku/inquiry`,
    notificationUrl: `${shop.url}/doku/notify`,
  });
}

async function indomaretCode(invoice: string, extra: Parameters<typeof dgpcBody>[1] = {}) {
  const answer = await callDoku(emulator, { path: INDOMARET_PATH, body: dgpcBody(invoice, extra) });
  expect(answer.status).toBe(200);
  return answer.json.online_to_offline_info.payment_code as string;
}

describe("Indomaret's endpoint", () => {
  it("answers the code, Indomaret's how-to-pay page and the dates, signed; the page is served", async () => {
    await start();
    const answer = await callDoku(emulator, { path: INDOMARET_PATH, body: dgpcBody("INV-I0") });
    const code = answer.json.online_to_offline_info.payment_code as string;
    expect(answer.json).toEqual({
      order: { invoice_number: "INV-I0" },
      online_to_offline_info: {
        payment_code: code,
        how_to_pay_page: `${emulator.url}/indomaret-online-to-offline/v2/how-to-pay-page/${code}`,
        created_date: expect.stringMatching(/^\d{14}$/),
        expired_date: expect.stringMatching(/^\d{14}$/),
        created_date_utc: expect.any(String),
        expired_date_utc: expect.any(String),
      },
    });
    expect(answer.headers.get("signature")).toMatch(/^HMACSHA256=/);
    const page = await fetch(answer.json.online_to_offline_info.how_to_pay_page);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Cara bayar di Indomaret");
  });

  it("shares invoice numbers with Alfa's DGPC: one invoice, one code", async () => {
    await start();
    await indomaretCode("INV-I-DUP");
    const again = await callDoku(emulator, {
      path: "/alfa-online-to-offline/v2/payment-code",
      body: dgpcBody("INV-I-DUP"),
    });
    expect(again.json.error.code).toBe("duplicate_invoice_number");
  });
});

describe("an Indomaret code at the till", () => {
  it("shows Indomaret, takes the cash, and reaches the merchant's notification router once, with Indomaret's channel", async () => {
    await start();
    const code = await indomaretCode("INV-I1", { amount: 125_000 });
    const screen = await emulator.inquire({ payment_code: code });
    expect(screen).toMatchObject({ chain: "indomaret", source: "doku_generated", payable: true, amount: 125_000 });

    const paid = await emulator.pay({ payment_code: code });
    expect(paid).toMatchObject({
      paid: true,
      payment: { agent_id: "INDOMARET", agent_store_id: "IDM-EMU-0001", amount: 125_000 },
      notification: { state: "delivered", attempts: [{ status: 200 }] },
    });
    expect(shop.paid).toHaveLength(1);
    expect(shop.paid[0]).toMatchObject({
      service: { id: "ONLINE_TO_OFFLINE" },
      acquirer: { id: "INDOMARET" },
      channel: { id: "ONLINE_TO_OFFLINE_INDOMARET" },
      order: { invoice_number: "INV-I1", amount: 125_000 },
      online_to_offline_info: { payment_code: code },
      transaction: { status: "SUCCESS" },
    });
    expect(shop.chains).toEqual(["indomaret"]);
    expect(shop.lookups).toEqual([]);
    expect(emulator.codes().codes[0]).toMatchObject({ chain: "indomaret", state: "paid" });
    expect(await emulator.pay({ payment_code: code })).toMatchObject({ paid: false, refusal: "billing_already_paid" });
    expect(await emulator.advanceClock(24 * 60 * MINUTE)).toBe(0);
    expect(shop.paid).toHaveLength(1);
  });

  it("an Alfa and an Indomaret payment reach the same router, told apart by channel", async () => {
    await start();
    const alfa = (await callDoku(emulator, { path: "/alfa-online-to-offline/v2/payment-code", body: dgpcBody("A-1") }))
      .json.online_to_offline_info.payment_code as string;
    const indomaret = await indomaretCode("I-1");
    await emulator.pay({ payment_code: alfa });
    await emulator.pay({ payment_code: indomaret });
    expect(shop.paid.map((n) => [n.order.invoice_number, n.channel.id, n.acquirer?.id])).toEqual([
      ["A-1", "ONLINE_TO_OFFLINE_ALFA", "ALFA"],
      ["I-1", "ONLINE_TO_OFFLINE_INDOMARET", "INDOMARET"],
    ]);
    expect(shop.chains).toEqual(["alfa", "indomaret"]);
  });

  it("takes the exact amount only", async () => {
    await start();
    const code = await indomaretCode("INV-I2");
    expect(await emulator.pay({ payment_code: code, amount: 149_999 })).toMatchObject({
      paid: false,
      refusal: "wrong_amount",
      detail: "the bill is 150000 rupiah, not 149999: Indomaret takes the exact amount only",
    });
  });

  it("a receiver that fails: retried at +30 min with the same Request-Id and bytes, handled once", async () => {
    await start([500]);
    const code = await indomaretCode("INV-I-RETRY");
    const delivery = (await emulator.pay({ payment_code: code })).notification as NotificationDelivery;
    expect(delivery).toMatchObject({ state: "retrying", attempts: [{ status: 500 }] });
    expect(shop.paid).toHaveLength(0);
    expect(await emulator.advanceClock(30 * MINUTE)).toBe(1);
    expect(shop.paid).toHaveLength(1);
    expect(shop.paid[0]?.channel.id).toBe("ONLINE_TO_OFFLINE_INDOMARET");
    const sent = emulator.calls().calls.filter((c) => c.kind === "notification");
    expect(sent.map((c) => c.status)).toEqual([500, 200]);
    expect(sent[1]?.requestId).toBe(sent[0]?.requestId);
    expect(sent[1]?.bodyDigest).toBe(sent[0]?.bodyDigest);
    expect(await emulator.advanceClock(24 * 60 * MINUTE)).toBe(0);
    expect(shop.paid).toHaveLength(1);
  });
});

describe("the inquiry router stays Alfa's", () => {
  it("refuses an inquiry on Indomaret's channel, as any other channel, without asking the merchant", async () => {
    await start();
    const request = dokuInquiryRequest(`${shop.url}/doku/inquiry`, {
      clientId: CLIENT_ID,
      secretKey: SECRET,
      paymentCode: "77",
      body: buildInquiryBody({ paymentCode: "77", overrides: { ...INDOMARET_ENVELOPE } }),
    });
    const response = await fetch(request);
    expect(response.status).toBe(400);
    expect(shop.lookups).toEqual([]);
  });
});
