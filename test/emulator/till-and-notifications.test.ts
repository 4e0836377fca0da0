import express from "express";

import type { PaymentNotification, ResolverResult } from "../../src";
import type { DokuEmulator, NotificationDelivery } from "../../src/emulator";
import { callDoku, CLIENT_ID, DGPC_PATH, dgpcBody, emulatorWith, MGPC_PATH, mgpcBody } from "../support/doku-api";
import { listen, type Running } from "../support/http";
import { merchant } from "./router-merchant";

const MINUTE = 60_000;

let shop: Running & { paid: PaymentNotification[] };
let emulator: DokuEmulator;

afterEach(async () => {
  await emulator?.close();
  await shop?.close();
});

async function start(bills: Record<string, ResolverResult> = {}, notifyStatuses: number[] = [], options = {}) {
  shop = await merchant(bills, notifyStatuses);
  emulator = await emulatorWith({
    inquiryUrl: `${shop.url}/doku/inquiry`,
    notificationUrl: `${shop.url}/doku/notify`,
    ...options,
  });
}

const createCode = async (invoice: string, extra: Parameters<typeof dgpcBody>[1] = {}) =>
  (await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody(invoice, extra) })).json.online_to_offline_info
    .payment_code as string;

describe("a DGPC code at the till", () => {
  it("shows the bill, takes the cash, and notifies the merchant's router, signed", async () => {
    await start();
    const code = await createCode("INV-T1", { amount: 125_000, info: "Toko Demo" });
    const screen = await emulator.inquire({ payment_code: code });
    expect(screen).toEqual({
      paymentCode: code,
      source: "doku_generated",
      chain: "alfa",
      payable: true,
      invoiceNumber: "INV-T1",
      name: "Anton Budiman",
      amount: 125_000,
      info: "Toko Demo",
      detail: "payable",
    });

    const paid = await emulator.pay({
      payment_code: code,
      amount: 125_000,
      agent_id: "LAWSON",
      agent_store_id: "LW-12",
    });
    expect(paid).toMatchObject({
      paid: true,
      payment: { agent_id: "LAWSON", agent_store_id: "LW-12", amount: 125_000, transaction_status: "SUCCESS" },
      notification: { state: "delivered", attempts: [{ status: 200 }] },
    });
    expect(shop.paid).toHaveLength(1);
    const notification = shop.paid[0] as PaymentNotification;
    expect(notification).toMatchObject({
      service: { id: "ONLINE_TO_OFFLINE" },
      acquirer: { id: "ALFA" },
      channel: { id: "ONLINE_TO_OFFLINE_ALFA" },
      order: { invoice_number: "INV-T1", amount: 125_000 },
      online_to_offline_info: { payment_code: code },
      transaction: { status: "SUCCESS" },
    });
    expect(notification.online_to_offline_payment?.identifier).toEqual([
      { name: "AGENT_ID", value: "LAWSON" },
      { name: "AGENT_STORE_ID", value: "LW-12" },
      { name: "AGENT_TRX_ID", value: paid.payment?.agent_trx_id },
    ]);
    expect(emulator.codes().codes[0]?.state).toBe("paid");
  });

  it("refuses what Alfa refuses: unknown, wrong amount, paid, expired", async () => {
    await start();
    const code = await createCode("INV-T2");
    expect(await emulator.pay({ payment_code: code, amount: 149_999 })).toMatchObject({
      paid: false,
      refusal: "wrong_amount",
      detail: "the bill is 150000 rupiah, not 149999: Alfa takes the exact amount only",
    });
    expect((await emulator.pay({ payment_code: code })).paid).toBe(true);
    expect(await emulator.pay({ payment_code: code })).toMatchObject({ paid: false, refusal: "billing_already_paid" });
    const other = await createCode("INV-T3", { expired_time: 1 });
    await emulator.advanceClock(MINUTE);
    expect(await emulator.pay({ payment_code: other })).toMatchObject({ paid: false, refusal: "billing_was_expired" });
    expect(shop.paid).toHaveLength(1);
  });

  it("takes a reusable code more than once, each payment its own notification", async () => {
    await start();
    const code = await createCode("INV-TOPUP", { reusable_status: true, amount: 50_000 });
    const first = await emulator.pay({ payment_code: code });
    const second = await emulator.pay({ payment_code: code });
    expect([first.paid, second.paid]).toEqual([true, true]);
    expect(first.payment?.agent_trx_id).not.toBe(second.payment?.agent_trx_id);
    expect(shop.paid).toHaveLength(2);
    expect(emulator.codes().codes[0]).toMatchObject({
      state: "active",
      payments: [expect.anything(), expect.anything()],
    });
  });

  it("sends a code's notification to its override_notification_url", async () => {
    await start();
    const other = await merchant({});
    try {
      const code = await createCode("INV-OVR", {
        additional_info: { override_notification_url: `${other.url}/doku/notify` },
      });
      const paid = await emulator.pay({ payment_code: code });
      expect((paid.notification as NotificationDelivery).url).toBe(`${other.url}/doku/notify`);
      expect(other.paid).toHaveLength(1);
      expect(other.paid[0]?.additional_info).toEqual({ override_notification_url: `${other.url}/doku/notify` });
      expect(shop.paid).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it("an MGPC code pays the same way; a FAILED payment notifies FAILED and pays nothing", async () => {
    await start();
    await callDoku(emulator, { path: MGPC_PATH, body: mgpcBody("INV-MG", "1900600000000046", 10_000) });
    const failed = await emulator.pay({ payment_code: "1900600000000046", status: "FAILED" });
    expect(failed).toMatchObject({
      paid: false,
      payment: { transaction_status: "FAILED" },
      notification: { state: "delivered", transactionStatus: "FAILED" },
    });
    expect(shop.paid.map((n) => n.transaction.status)).toEqual(["FAILED"]);
    expect((await emulator.pay({ payment_code: "1900600000000046" })).paid).toBe(true);
  });
});

describe("a Direct Inquiry code at the till", () => {
  const bill: ResolverResult = {
    status: "success",
    order: { invoice_number: "INV-DI-1", amount: 75_000 },
    customer: { name: "Siti Rahma" },
    info: "Toko Siti",
    additional_info: { order_ref: "A-1" },
  };

  it("asks the merchant's inquiry router, checks its signed answer, pays, and notifies", async () => {
    await start({ "8896512345678123": bill });
    const paid = await emulator.pay({ payment_code: "8896512345678123" });
    expect(paid).toMatchObject({
      paid: true,
      source: "direct_inquiry",
      invoiceNumber: "INV-DI-1",
      name: "Siti Rahma",
      amount: 75_000,
      info: "Toko Siti",
      inquiry: { httpStatus: 200, status: "success", signatureValid: true, problems: [] },
      notification: { state: "delivered" },
    });
    expect(shop.paid[0]).toMatchObject({
      order: { invoice_number: "INV-DI-1", amount: 75_000 },
      additional_info: { order_ref: "A-1" },
      transaction: { original_request_id: paid.inquiry?.requestId },
    });
    const status = await callDoku(emulator, { method: "GET", path: "/orders/v1/status/INV-DI-1" });
    expect(status.json.transaction).toMatchObject({ status: "SUCCESS", original_request_id: paid.inquiry?.requestId });
    const inquiryCall = emulator.calls().calls.find((c) => c.kind === "inquiry");
    expect(inquiryCall).toMatchObject({
      direction: "sent",
      status: 200,
      signature: { valid: true },
      url: `${shop.url}/doku/inquiry`,
    });
  });

  it.each([
    ["billing_not_found", { status: "billing_not_found" }],
    ["billing_already_paid", { status: "billing_already_paid" }],
    ["billing_was_expired", { status: "billing_was_expired" }],
    ["declined", { status: "decline" }],
  ] as const)("refuses the code when the merchant answers %s", async (refusal, result) => {
    await start({ "111": result as ResolverResult });
    const paid = await emulator.pay({ payment_code: "111" });
    expect(paid).toMatchObject({ paid: false, refusal, inquiry: { signatureValid: true, problems: [] } });
    expect(shop.paid).toHaveLength(0);
  });

  async function oddMerchant(answer: (res: express.Response, requestId: string) => void) {
    const app = express();
    app.post("/doku/inquiry", (req, res) => answer(res, req.get("Request-Id") as string));
    shop = { ...(await listen(app)), paid: [] };
    emulator = await emulatorWith({ inquiryUrl: `${shop.url}/doku/inquiry` });
  }

  it.each([
    [
      "an unsigned answer",
      (res: express.Response) =>
        res
          .status(200)
          .json({ order: { invoice_number: "I", amount: 1 }, online_to_offline_inquiry: { status: "success" } }),
      /missing_header/,
    ],
    [
      "a wrong signature",
      (res: express.Response, requestId: string) =>
        res
          .status(200)
          .set({
            "Client-Id": CLIENT_ID,
            "Request-Id": requestId,
            "Response-Timestamp": "2026-12-01T00:00:00Z",
            Signature: `HMACSHA256=${"A".repeat(43)}=`,
          })
          .json({ order: { invoice_number: "I", amount: 1 }, online_to_offline_inquiry: { status: "success" } }),
      /bad_signature/,
    ],
    [
      "a status DOKU does not know",
      (res: express.Response) => res.status(200).json({ online_to_offline_inquiry: { status: "ok" } }),
      /not one of DOKU's statuses/,
    ],
    [
      "a status with the wrong HTTP code",
      (res: express.Response) => res.status(200).json({ online_to_offline_inquiry: { status: "billing_not_found" } }),
      /HTTP 200 does not go with status billing_not_found/,
    ],
    [
      "an HTML page",
      (res: express.Response) => res.status(200).type("html").send("<html>shop</html>"),
      /is not JSON: "<html>shop<\/html>"/,
    ],
  ] as const)("shows %s as a failure and pays nothing", async (_name, answer, problem) => {
    await oddMerchant(answer);
    const paid = await emulator.pay({ payment_code: "123" });
    expect(paid).toMatchObject({ paid: false, refusal: "merchant_error" });
    expect(paid.inquiry?.problems.join("; ")).toMatch(problem);
    expect(paid.detail).toMatch(/^the merchant's inquiry answer is not one DOKU takes: /);
  });

  it("an inquiry URL that does not answer", async () => {
    const app = express();
    app.post("/doku/inquiry", () => undefined);
    shop = { ...(await listen(app)), paid: [] };
    emulator = await emulatorWith({ inquiryUrl: `${shop.url}/doku/inquiry`, merchantTimeoutMs: 200 });
    const paid = await emulator.pay({ payment_code: "123" });
    expect(paid).toMatchObject({
      paid: false,
      refusal: "merchant_error",
      inquiry: { httpStatus: undefined, problems: ["no answer: timeout (no answer within 200 ms)"] },
    });
    expect(emulator.calls().calls.at(-1)).toMatchObject({
      kind: "inquiry",
      status: undefined,
      error: "no answer: timeout (no answer within 200 ms)",
    });
  });

  it("without an Inquiry URL, an unknown code is not found", async () => {
    emulator = await emulatorWith();
    expect(await emulator.pay({ payment_code: "999" })).toMatchObject({
      paid: false,
      source: "unknown",
      refusal: "billing_not_found",
    });
  });
});

describe("notification retries on DOKU's schedule", () => {
  it("a receiver that answers 500 then 200: one retry at +30 min on the moved clock, same Request-Id and bytes", async () => {
    await start({}, [500]);
    const code = await createCode("INV-RETRY");
    const paid = await emulator.pay({ payment_code: code });
    const delivery = paid.notification as NotificationDelivery;
    expect(delivery).toMatchObject({ state: "retrying", attempts: [{ status: 500 }] });
    const created = Date.parse(delivery.attempts[0]?.at as string);
    expect(Date.parse(delivery.nextAttemptAt as string)).toBe(Math.floor((created + 30 * MINUTE) / 1000) * 1000);

    expect(await emulator.advanceClock(29 * MINUTE)).toBe(0);
    expect(shop.paid).toHaveLength(0);
    expect(await emulator.advanceClock(MINUTE)).toBe(1);
    expect(shop.paid).toHaveLength(1);
    const [after] = emulator.notifications().notifications;
    expect(after).toMatchObject({
      state: "delivered",
      attempts: [{ status: 500 }, { status: 200 }],
      nextAttemptAt: undefined,
    });

    const sent = emulator.calls().calls.filter((c) => c.kind === "notification");
    expect(sent).toHaveLength(2);
    expect(sent[1]?.requestId).toBe(sent[0]?.requestId);
    expect(sent[1]?.bodyDigest).toBe(sent[0]?.bodyDigest);
    expect(sent.map((c) => c.attempt)).toEqual([1, 2]);
    expect(await emulator.advanceClock(24 * 60 * MINUTE)).toBe(0);
  });

  it("a receiver that never answers: four attempts, then failed, all in the call log", async () => {
    const app = express();
    app.post("/doku/notify", () => undefined);
    shop = { ...(await listen(app)), paid: [] };
    emulator = await emulatorWith({ notificationUrl: `${shop.url}/doku/notify`, merchantTimeoutMs: 100 });
    const code = await createCode("INV-SILENT");
    await emulator.pay({ payment_code: code });
    expect(await emulator.advanceClock(30 * MINUTE)).toBe(1);
    expect(await emulator.advanceClock(330 * MINUTE)).toBe(1);
    expect(await emulator.advanceClock(360 * MINUTE)).toBe(1);
    const [delivery] = emulator.notifications().notifications;
    expect(delivery).toMatchObject({ state: "failed", nextAttemptAt: undefined });
    expect(delivery?.attempts.map((a) => a.error)).toEqual(Array(4).fill("timeout: no answer within 100 ms"));
    const sent = emulator.calls().calls.filter((c) => c.kind === "notification");
    expect(sent.map((c) => [c.attempt, c.status, c.error])).toEqual(
      [1, 2, 3, 4].map((n) => [n, undefined, "timeout: no answer within 100 ms"]),
    );
  });

  it("retries fall due in real time too, on a compressed schedule", async () => {
    await start({}, [503]);
    await emulator.close();
    emulator = await emulatorWith({ notificationUrl: `${shop.url}/doku/notify`, retrySchedule: [50] });
    const code = await createCode("INV-FAST");
    await emulator.pay({ payment_code: code });
    // The shop counts the payment before it answers; the emulator marks it delivered once the answer is back.
    const delivered = () => emulator.notifications().notifications[0]?.state === "delivered";
    for (let i = 0; i < 400 && !(shop.paid.length > 0 && delivered()); i++) await new Promise((r) => setTimeout(r, 20));
    expect({ paid: shop.paid.length, notification: emulator.notifications().notifications[0] }).toMatchObject({
      paid: 1,
      notification: { state: "delivered" },
    });
  }, 15_000);

  it("without a Notification URL, says so", async () => {
    emulator = await emulatorWith();
    const code = await createCode("INV-NOURL");
    expect((await emulator.pay({ payment_code: code })).notification).toEqual({
      state: "not_sent",
      reason: "no Notification URL: start the emulator with notificationUrl (--notification-url)",
    });
  });
});
