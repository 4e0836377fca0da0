import type { VerifyResponses } from "../../src";
import type { DokuEmulator } from "../../src/emulator";
import { clientOf, order } from "../support/client";
import { emulatorWith } from "../support/doku-api";

// DOKU-API.md §2: off ignores the answer's signature, warn emits an event and keeps the
// result, enforce refuses it (on a create, update or cancel: an unknown outcome, never a success).
let emulator: DokuEmulator;
beforeEach(async () => {
  emulator = await emulatorWith();
});
afterEach(() => emulator.close());

const modes: VerifyResponses[] = ["off", "warn", "enforce"];

describe.each(["wrong", "missing"] as const)("an answer signature that is %s", (signature) => {
  it.each(modes)("on a create, in %s mode", async (mode) => {
    emulator.addFault({ route: "create", signature, times: 1 });
    const { client, events } = clientOf(emulator, { verifyResponses: mode });
    const result = client.createPaymentCode(order(`INV-${signature}-${mode}`)).then(
      (r) => r,
      (e: unknown) => e,
    );
    const outcome = await result;
    const mismatch = events.filter((e) => e.type === "response_signature");
    if (mode === "off") {
      expect(outcome).toMatchObject({ paymentCode: expect.any(String) });
      expect(mismatch).toEqual([]);
      return;
    }
    expect(mismatch).toEqual([
      expect.objectContaining({
        reason: expect.stringMatching(signature === "wrong" ? /^bad_signature: / : /^missing_header: /),
      }),
    ]);
    if (mode === "warn") expect(outcome).toMatchObject({ paymentCode: expect.any(String) });
    else
      expect(outcome).toMatchObject({
        name: "DokuError",
        type: "unknown_outcome",
        status: 200,
        code: signature === "wrong" ? "bad_signature" : "missing_header",
        rawBody: expect.stringContaining("payment_code"),
      });
  });

  it.each(modes)("on Check Status, in %s mode", async (mode) => {
    const { client, events } = clientOf(emulator, { verifyResponses: mode });
    await client.createPaymentCode(order("INV-S"));
    emulator.addFault({ route: "status", signature, times: 1 });
    const outcome = await client.getStatus("INV-S").then(
      (r) => r,
      (e: unknown) => e,
    );
    if (mode === "enforce")
      expect(outcome).toMatchObject({
        type: "response_signature",
        status: 200,
        rawBody: expect.stringContaining("PENDING"),
      });
    else expect(outcome).toMatchObject({ status: "PENDING" });
    expect(events.filter((e) => e.type === "response_signature")).toHaveLength(mode === "off" ? 0 : 1);
  });
});

it("verifies every good answer without a word, in enforce mode", async () => {
  const { client, events } = clientOf(emulator, { verifyResponses: "enforce" });
  const created = await client.createPaymentCode(order("INV-GOOD"));
  await client.updatePaymentCode({
    order: { invoice_number: "INV-GOOD" },
    online_to_offline_info: { payment_code: created.paymentCode, info: "x" },
  });
  await client.getStatus("INV-GOOD");
  await client.createPaymentCode(order("INV-GOOD"), { requestId: created.requestId });
  expect(events.filter((e) => e.type === "response_signature")).toEqual([]);
});
