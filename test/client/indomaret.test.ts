import { DokuError } from "../../src";
import type { DokuEmulator } from "../../src/emulator";
import { clientOf, order } from "../support/client";
import { emulatorWith } from "../support/doku-api";

const INDOMARET_PATH = "/indomaret-online-to-offline/v2/payment-code";

let emulator: DokuEmulator;
beforeEach(async () => {
  emulator = await emulatorWith({ codePrefix: "8890" });
});
afterEach(() => emulator.close());

let tick = 0;
const now = () => Date.now() + tick++ * 1000;

describe("createIndomaretPaymentCode, against the local DOKU", () => {
  it("sends Alfa's DGPC body to Indomaret's path; the answer has the code, the how-to-pay page and the expiry", async () => {
    const { client, sent, events } = clientOf(emulator);
    const created = await client.createIndomaretPaymentCode(order("INV-IDM-1"));
    expect(created.paymentCode).toMatch(/^8890\d{12}$/);
    expect(created.order).toEqual({ invoice_number: "INV-IDM-1" });
    expect(created.replayed).toBe(false);
    expect(created.online_to_offline_info.how_to_pay_page).toBe(
      `${emulator.url}/indomaret-online-to-offline/v2/how-to-pay-page/${created.paymentCode}`,
    );
    expect(created.online_to_offline_info.expired_date).toMatch(/^\d{14}$/);
    expect(created.expiresAt?.getTime()).toBe(Date.parse(created.online_to_offline_info.expired_date_utc));

    expect(sent).toEqual([
      expect.objectContaining({
        method: "POST",
        url: `${emulator.url}${INDOMARET_PATH}`,
        body: JSON.stringify(order("INV-IDM-1")),
      }),
    ]);
    expect(emulator.calls().calls[0]).toMatchObject({
      kind: "create_indomaret",
      status: 200,
      signature: { valid: true },
    });
    expect(emulator.codes().codes[0]).toMatchObject({ chain: "indomaret", origin: "doku_generated" });
    expect(events.map((e) => [e.type, e.operation, e.path])).toEqual([
      ["request", "createIndomaretPaymentCode", INDOMARET_PATH],
      ["response", "createIndomaretPaymentCode", INDOMARET_PATH],
      ["result", "createIndomaretPaymentCode", INDOMARET_PATH],
    ]);
  });

  it("a lost answer is retried under the same Request-Id and bytes: DOKU's 409 replays the first answer", async () => {
    emulator.addFault({ route: "create_indomaret", outcome: "lose_answer", times: 1 });
    const { client, events } = clientOf(emulator, { timeoutMs: 300, now });
    const created = await client.createIndomaretPaymentCode(order("INV-IDM-LOST"));
    expect(created.replayed).toBe(true);
    expect(created.paymentCode).toBe(emulator.codes().codes[0]?.payment_code);
    expect(emulator.codes().held).toBe(1);
    const calls = emulator.calls().calls;
    expect(calls.map((c) => [c.kind, c.status, c.replayed ?? false])).toEqual([
      ["create_indomaret", 200, false],
      ["create_indomaret", 409, true],
    ]);
    expect(calls[1]?.requestId).toBe(calls[0]?.requestId);
    expect(calls[1]?.bodyDigest).toBe(calls[0]?.bodyDigest);
    expect(events.filter((e) => e.type === "retry")).toEqual([
      expect.objectContaining({ operation: "createIndomaretPaymentCode", attempt: 1, reason: "timeout" }),
    ]);
  });

  it("a 5xx then a success; the caller's own Request-Id sent again is answered with the first answer", async () => {
    emulator.addFault({ route: "create_indomaret", outcome: "error_status", status: 503, times: 1 });
    const { client } = clientOf(emulator, { now });
    const first = await client.createIndomaretPaymentCode(order("INV-IDM-5XX"), { requestId: "idm-req-1" });
    expect(emulator.calls().calls.map((c) => c.status)).toEqual([503, 200]);
    const again = await client.createIndomaretPaymentCode(order("INV-IDM-5XX"), { requestId: "idm-req-1" });
    expect(again.replayed).toBe(true);
    expect(again.paymentCode).toBe(first.paymentCode);
    expect(again.requestId).toBe("idm-req-1");
  });

  it("verifies DOKU's answer: a wrong signature is refused in enforce mode, an unknown outcome", async () => {
    emulator.addFault({ route: "create_indomaret", signature: "wrong", times: 1 });
    const { client } = clientOf(emulator, { verifyResponses: "enforce", maxRetries: 0 });
    const error = await client.createIndomaretPaymentCode(order("INV-IDM-SIG")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DokuError);
    expect(error).toMatchObject({ type: "unknown_outcome", code: "bad_signature" });
  });

  it("DOKU's errors are the same typed family: a duplicate invoice is a conflict", async () => {
    const { client } = clientOf(emulator);
    await client.createIndomaretPaymentCode(order("INV-IDM-DUP"));
    const error = await client.createIndomaretPaymentCode(order("INV-IDM-DUP")).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: "conflict", status: 400, code: "duplicate_invoice_number", attempts: 1 });
  });

  it("refuses a body DOKU would refuse before sending it, naming the field", async () => {
    const { client, sent } = clientOf(emulator);
    const body = order("INV-IDM-BAD");
    const error = await client.createIndomaretPaymentCode({ ...body, customer: { name: "" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: "invalid_request", code: "invalid_field", attempts: 0 });
    expect((error as DokuError).message).toMatch(
      new RegExp(`^POST ${emulator.url}${INDOMARET_PATH}: customer\\.name: .*; nothing was sent to DOKU$`),
    );
    expect(sent).toEqual([]);
  });

  it("Check Status finds an Indomaret code, pending then paid, with Indomaret's envelope and store", async () => {
    const { client } = clientOf(emulator);
    const created = await client.createIndomaretPaymentCode(order("INV-IDM-ST"));
    const pending = await client.getStatus("INV-IDM-ST");
    expect(pending).toMatchObject({
      status: "PENDING",
      isFinal: false,
      channel: { id: "ONLINE_TO_OFFLINE_INDOMARET" },
      acquirer: { id: "INDOMARET" },
    });
    expect((await client.getStatus(created.requestId)).order.invoice_number).toBe("INV-IDM-ST");
    expect((await emulator.pay({ payment_code: created.paymentCode })).paid).toBe(true);
    const paid = await client.getStatus("INV-IDM-ST");
    expect(paid).toMatchObject({ status: "SUCCESS", isFinal: true, amount: 150_000 });
    expect(paid.identifiers.AGENT_ID).toBe("INDOMARET");
  });

  it("an Indomaret code has no update or cancel: Alfa's PATCH does not know it", async () => {
    const { client } = clientOf(emulator);
    const created = await client.createIndomaretPaymentCode(order("INV-IDM-PATCH"));
    const error = await client
      .cancelPaymentCode({
        order: { invoice_number: "INV-IDM-PATCH" },
        online_to_offline_info: { payment_code: created.paymentCode },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ type: "not_found" });
    expect(emulator.codes().codes[0]?.state).toBe("active");
  });
});
