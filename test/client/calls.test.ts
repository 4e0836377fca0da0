import { createSecretKey } from "node:crypto";

import { DokuError } from "../../src";
import type { DokuEmulator } from "../../src/emulator";
import { clientOf, order } from "../support/client";
import { CLIENT_ID, emulatorWith, SECRET } from "../support/doku-api";

let emulator: DokuEmulator;
beforeEach(async () => {
  emulator = await emulatorWith({ codePrefix: "6059" });
});
afterEach(() => emulator.close());

describe("the calls, against the local DOKU", () => {
  it("creates a code (DGPC): DOKU's answer, the Request-Id, and Dates from the _utc fields", async () => {
    const { client, sent, events } = clientOf(emulator);
    const created = await client.createPaymentCode(order("INV-C1"));
    expect(created.online_to_offline_info.payment_code).toMatch(/^6059\d{12}$/);
    expect(created.paymentCode).toBe(created.online_to_offline_info.payment_code);
    expect(created.order).toEqual({ invoice_number: "INV-C1" });
    expect(created.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.replayed).toBe(false);
    expect(created.expiresAt?.getTime()).toBe(Date.parse(created.online_to_offline_info.expired_date_utc));
    expect((created.expiresAt?.getTime() ?? 0) - (created.createdAt?.getTime() ?? 0)).toBe(3_600_000);
    expect(created.online_to_offline_info.how_to_pay_page).toBe(`${emulator.url}/how-to-pay/${created.paymentCode}`);

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: "POST",
      url: `${emulator.url}/alfa-online-to-offline/v2/payment-code`,
      body: JSON.stringify(order("INV-C1")),
    });
    expect(sent[0]?.headers).toMatchObject({
      "Client-Id": CLIENT_ID,
      "Request-Id": created.requestId,
      "Content-Type": "application/json",
      "User-Agent": "express-doku/0.1.0",
    });
    expect(emulator.calls().calls[0]).toMatchObject({ kind: "create", status: 200, signature: { valid: true } });
    expect(events.map((e) => [e.type, e.attempt, e.status, e.outcome])).toEqual([
      ["request", 1, undefined, undefined],
      ["response", 1, 200, undefined],
      ["result", 1, undefined, "ok"],
    ]);
    expect(events.every((e) => e.operation === "createPaymentCode")).toBe(true);
    expect(
      events.every((e) => e.body === undefined && e.answer === undefined && e.requestId === created.requestId),
    ).toBe(true);
  });

  it("registers a merchant's code (MGPC), updates it and cancels it", async () => {
    const { client, sent } = clientOf(emulator);
    const body = order("INV-M1");
    const registered = await client.registerPaymentCode({
      ...body,
      online_to_offline_info: { ...body.online_to_offline_info, payment_code: "1900600000000046" },
    });
    expect(registered.paymentCode).toBe("1900600000000046");

    const updated = await client.updatePaymentCode({
      order: { invoice_number: "INV-M1", amount: 99_000 },
      online_to_offline_info: { payment_code: "1900600000000046", expired_time: 30, info: "Baru" },
      customer: { name: "Budi" },
    });
    expect(updated.paymentCode).toBe("1900600000000046");
    expect(JSON.parse(sent[1]?.body as string).online_to_offline_info.status).toBe("ACTIVE");
    expect(emulator.codes().codes[0]).toMatchObject({ amount: 99_000, info: "Baru", customer: { name: "Budi" } });

    const cancelled = await client.cancelPaymentCode({
      order: { invoice_number: "INV-M1" },
      online_to_offline_info: { payment_code: "1900600000000046" },
    });
    expect(cancelled.paymentCode).toBe("1900600000000046");
    expect(JSON.parse(sent[2]?.body as string)).toEqual({
      order: { invoice_number: "INV-M1" },
      online_to_offline_info: { payment_code: "1900600000000046", status: "DELETE" },
    });
    expect(emulator.codes().codes[0]?.state).toBe("cancelled");
    expect(sent.map((s) => s.method)).toEqual(["POST", "PATCH", "PATCH"]);
  });

  it("checks the status by invoice number and by the create call's Request-Id, with typed conveniences", async () => {
    const { client, sent } = clientOf(emulator);
    const created = await client.createPaymentCode(order("INV/S 1", 120_000));
    const pending = await client.getStatus("INV/S 1");
    expect(sent[1]?.url).toBe(`${emulator.url}/orders/v1/status/INV%2FS%201`);
    expect(pending).toMatchObject({
      status: "PENDING",
      isFinal: false,
      amount: 120_000,
      reusable: false,
      identifiers: {},
    });
    expect(pending.transaction.status).toBe("PENDING");
    const paid = await emulator.pay({ payment_code: created.paymentCode, agent_store_id: "TOKO-9" });
    const success = await client.getStatus(created.requestId);
    expect(success).toMatchObject({
      status: "SUCCESS",
      isFinal: true,
      order: { invoice_number: "INV/S 1", amount: 120_000 },
    });
    expect(success.identifiers).toEqual({
      AGENT_ID: "ALFAMART",
      AGENT_STORE_ID: "TOKO-9",
      AGENT_TRX_ID: paid.payment?.agent_trx_id,
    });
    expect(success.transactionDate).toBeInstanceOf(Date);
  });

  it("reads amounts and reusable_status sent as strings", async () => {
    const { client } = clientOf(emulator);
    await client.createPaymentCode(order("INV-STR", 120_000));
    emulator.addFault({ route: "status", amountsAsStrings: true });
    const status = await client.getStatus("INV-STR");
    expect(status.order.amount).toBe("120000");
    expect(status.online_to_offline_info?.reusable_status).toBe("false");
    expect(status.amount).toBe(120_000);
    expect(status.reusable).toBe(false);
  });

  it("reuses a Request-Id the caller gives: the second call is DOKU's first answer, replayed", async () => {
    const { client } = clientOf(emulator);
    const first = await client.createPaymentCode(order("INV-RID"), { requestId: "order-INV-RID" });
    const again = await client.createPaymentCode(order("INV-RID"), { requestId: "order-INV-RID" });
    expect(again).toMatchObject({ replayed: true, requestId: "order-INV-RID", paymentCode: first.paymentCode });
    expect(emulator.codes().held).toBe(1);
  });

  it("sends info1 with info's text when asked, never two texts", async () => {
    const { client, sent } = clientOf(emulator, { emitInfo1: true });
    await client.createPaymentCode(order("INV-I1"));
    expect(JSON.parse(sent[0]?.body as string).online_to_offline_info).toEqual({
      expired_time: 60,
      reusable_status: false,
      info: "Toko Demo",
      info1: "Toko Demo",
    });
    const body = order("INV-I2");
    await expect(
      client.createPaymentCode({ ...body, online_to_offline_info: { ...body.online_to_offline_info, info1: "Other" } }),
    ).rejects.toMatchObject({ type: "invalid_request", attempts: 0 });
    expect(sent).toHaveLength(1);
  });

  it("takes the secret key as a KeyObject, and puts bodies in events only when asked", async () => {
    const { client, events } = clientOf(emulator, {
      secretKey: createSecretKey(Buffer.from(SECRET)),
      eventBodies: true,
    });
    await client.createPaymentCode(order("INV-KO"));
    expect(events[0]?.body).toBe(JSON.stringify(order("INV-KO")));
    expect(JSON.parse(events[1]?.answer as string).order.invoice_number).toBe("INV-KO");
  });
});

describe("bad input fails here, naming the field, and nothing goes out", () => {
  it.each([
    ["an invoice number of 65 characters", { ...order("I".repeat(65)) }, "order.invoice_number"],
    ["an amount with decimals", { ...order("INV-L", 10.5) }, "order.amount"],
    ["an amount of 13 digits", { ...order("INV-L", 1_000_000_000_000) }, "order.amount"],
    [
      "info of 31 characters",
      { ...order("INV-L"), online_to_offline_info: { reusable_status: false, info: "x".repeat(31) } },
      "online_to_offline_info.info",
    ],
    ["no customer name", { ...order("INV-L"), customer: { name: "" } }, "customer.name"],
    [
      "an override that is not a URL",
      { ...order("INV-L"), additional_info: { override_notification_url: "notify-me" } },
      "additional_info.override_notification_url",
    ],
  ])("%s", async (_name, body, field) => {
    const { client, sent } = clientOf(emulator);
    const error = await client.createPaymentCode(body as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DokuError);
    const url = `${emulator.url}/alfa-online-to-offline/v2/payment-code`;
    expect(error).toMatchObject({
      type: "invalid_request",
      code: "invalid_field",
      status: undefined,
      attempts: 0,
      method: "POST",
      url,
    });
    expect((error as DokuError).message).toMatch(
      new RegExp(`^POST ${url}: ${field.replace(/\./g, "\\.")}: .*; nothing was sent to DOKU$`),
    );
    expect(sent).toEqual([]);
  });

  it("an MGPC code with letters, an update that says DELETE, a cancel without its code, a status without an id, a bad Request-Id", async () => {
    const { client, sent } = clientOf(emulator);
    const body = order("INV-L");
    await expect(
      client.registerPaymentCode({
        ...body,
        online_to_offline_info: { ...body.online_to_offline_info, payment_code: "12ab" },
      }),
    ).rejects.toThrow(
      /^POST http:\/\/127\.0\.0\.1:\d+\/alfa-online-to-offline\/v2\/merchant-payment-code: online_to_offline_info\.payment_code: /,
    );
    await expect(
      client.updatePaymentCode({
        order: { invoice_number: "I" },
        online_to_offline_info: { payment_code: "1", status: "DELETE" as "ACTIVE" },
      }),
    ).rejects.toThrow(/use cancelPaymentCode to cancel/);
    await expect(client.cancelPaymentCode({ order: { invoice_number: "I" } } as never)).rejects.toThrow(
      /^PATCH http:\/\/127\.0\.0\.1:\d+\/alfa-online-to-offline\/v2\/payment-code: online_to_offline_info\.payment_code: /,
    );
    await expect(client.getStatus("")).rejects.toMatchObject({
      method: "GET",
      url: `${emulator.url}/orders/v1/status/`,
      message: expect.stringMatching(/: getStatus takes an invoice number or a Request-Id/),
    });
    await expect(client.createPaymentCode(order("INV-L"), { requestId: "r".repeat(129) })).rejects.toThrow(
      "requestId must be 1 to 128 visible ASCII characters (DOKU's limit)",
    );
    await expect(client.createPaymentCode(order("INV-L"), { maxRetries: -1 })).rejects.toThrow(
      "maxRetries must be a whole number from 0 to 10",
    );
    await expect(client.createPaymentCode(order("INV-L"), { timeoutMs: 0 })).rejects.toThrow(
      "timeoutMs must be a whole number of milliseconds above 0",
    );
    expect(sent).toEqual([]);
  });
});
