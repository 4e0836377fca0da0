import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import {
  exampleCalls,
  FAST_RECONCILIATION,
  type RunningExample,
  startExample,
  until,
} from "../support/example-process";

// The example shop's fourth way: an order paid at Indomaret, on the local DOKU it starts. The code is
// DOKU's (createIndomaretPaymentCode), DOKU has no cancel for it, and the notification marks it paid once.
let dir: string;
let example: RunningExample;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "express-doku-indomaret-"));
  example = await startExample(join(dir, "merchant.sqlite"), FAST_RECONCILIATION);
}, 20_000);

afterAll(async () => {
  await example?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const { createOrder, orderOf, doku } = exampleCalls(() => example);
const indomaretOrder = (amount: number, customer_name = "Ani") =>
  createOrder({
    amount,
    customer_name,
    customer_email: "ani@example.com",
    expires_in_minutes: 30,
    method: "indomaret",
  });

it("offers Indomaret as a fourth way on the order form", async () => {
  const form = await (await fetch(`${example.url}/`)).text();
  expect(form).toContain('value="indomaret"');
  expect(form).toContain("Bayar di Indomaret (kode dari DOKU)");
  expect(form).toContain("Dan+Dan atau Indomaret terdekat");
  expect(await (await fetch(`${example.url}/?lang=en`)).text()).toContain("Pay at Indomaret (a code from DOKU)");
});

it("an Indomaret order: DOKU's code, Indomaret's how-to-pay, paid at the till and marked paid once", async () => {
  const order = await indomaretOrder(150_000);
  expect(order.status).toBe(201);
  expect(order.body).toMatchObject({ method: "indomaret", state: "pending", paid: null });
  const code = order.body.payment_code as string;
  expect(code).toMatch(/^8899\d{12}$/);
  expect(order.body.how_to_pay_url).toBe(`${example.dokuUrl}/indomaret-online-to-offline/v2/how-to-pay-page/${code}`);
  expect((await doku("codes")).codes).toContainEqual(
    expect.objectContaining({
      payment_code: code,
      invoice_number: order.body.invoice_number,
      chain: "indomaret",
      origin: "doku_generated",
      state: "active",
    }),
  );
  const creates = (await doku("calls")).calls.filter(
    (c: { kind: string; body?: string }) =>
      c.kind === "create_indomaret" && c.body?.includes(order.body.invoice_number),
  );
  expect(creates).toEqual([expect.objectContaining({ status: 200, signature: { valid: true } })]);

  const page = await (await fetch(`${example.url}/orders/${order.body.invoice_number}`)).text();
  expect(page).toContain("Datang ke kasir Indomaret.");
  expect(page).not.toContain("Alfamidi");
  expect(page).toContain('id="no-cancel"');
  expect(page).not.toContain('id="cancel"');
  const howToPay = await fetch(order.body.how_to_pay_url as string);
  expect(howToPay.status).toBe(200);
  expect(await howToPay.text()).toContain("Cara bayar di Indomaret");

  expect(await doku("inquire", { payment_code: code })).toMatchObject({ chain: "indomaret", payable: true });
  const paid = await doku("pay", { payment_code: code });
  expect(paid).toMatchObject({
    paid: true,
    amount: 150_000,
    payment: { agent_id: "INDOMARET", agent_store_id: "IDM-EMU-0001" },
    notification: { state: "delivered", attempts: [expect.objectContaining({ status: 200 })] },
  });
  expect(await orderOf(order.body.invoice_number)).toMatchObject({
    state: "paid",
    method: "indomaret",
    paid: { agent_id: "INDOMARET", store_id: "IDM-EMU-0001", trx_id: paid.payment.agent_trx_id },
  });
  const receipt = await (await fetch(`${example.url}/orders/${order.body.invoice_number}/state?lang=en`)).text();
  expect(receipt).toContain("INDOMARET IDM-EMU-0001");
  expect(await doku("pay", { payment_code: code })).toMatchObject({ paid: false, refusal: "billing_already_paid" });
});

it("cannot be cancelled: DOKU has no cancel for Indomaret, so the order stays payable until it expires", async () => {
  const order = await indomaretOrder(9_000, "Budi");
  const cancel = await fetch(`${example.url}/api/orders/${order.body.invoice_number}/cancel`, { method: "POST" });
  expect(cancel.status).toBe(409);
  expect(((await cancel.json()) as { reason: string }).reason).toBe(
    "DOKU cannot cancel an Indomaret code: it stays payable until it expires",
  );
  expect((await orderOf(order.body.invoice_number)).state).toBe("pending");
  expect((await doku("calls")).calls.filter((c: { kind: string }) => c.kind === "cancel")).toEqual([]);
  expect(await doku("pay", { payment_code: order.body.payment_code })).toMatchObject({ paid: true });
  await until(async () => (await orderOf(order.body.invoice_number)).state === "paid", "the payment");
});

it("cannot be cancelled while its create is unanswered either: DOKU may hold the code", async () => {
  // Three: the client's first try and its two retries.
  await doku("faults", { route: "create_indomaret", outcome: "lose_answer", times: 3 });
  const order = await indomaretOrder(150_000, "Ani");
  expect(order.status).toBe(202);
  expect(order.body.payment_code).toBeNull();
  const cancel = await fetch(`${example.url}/api/orders/${order.body.invoice_number}/cancel`, { method: "POST" });
  expect(cancel.status).toBe(409);
  expect(((await cancel.json()) as { reason: string }).reason).toBe(
    "DOKU cannot cancel an Indomaret code: it stays payable until it expires",
  );
  const active = (await doku("codes")).codes.filter(
    (c: { invoice_number: string }) => c.invoice_number === order.body.invoice_number,
  );
  expect(active).toEqual([expect.objectContaining({ state: "active" })]);
  await until(async () => (await orderOf(order.body.invoice_number)).payment_code !== null, "the code");
  expect(await orderOf(order.body.invoice_number)).toMatchObject({
    state: "pending",
    payment_code: active[0].payment_code,
  });
}, 20_000);

it("a create whose answers were lost is sent again under its Request-Id: one Indomaret code", async () => {
  await doku("faults", { route: "create_indomaret", outcome: "lose_answer", times: 3 });
  const order = await indomaretOrder(15_000, "Eka");
  expect(order.status).toBe(202);
  expect(order.body).toMatchObject({ state: "pending", payment_code: null });
  await until(async () => (await orderOf(order.body.invoice_number)).payment_code !== null, "the code");
  const codes = (await doku("codes")).codes.filter(
    (c: { invoice_number: string }) => c.invoice_number === order.body.invoice_number,
  );
  expect(codes).toEqual([expect.objectContaining({ chain: "indomaret" })]);
  expect((await orderOf(order.body.invoice_number)).payment_code).toBe(codes[0].payment_code);
  const calls = (await doku("calls")).calls.filter(
    (c: { kind: string; body?: string }) =>
      c.kind === "create_indomaret" && c.body?.includes(order.body.invoice_number),
  );
  expect(new Set(calls.map((c: { requestId: string }) => c.requestId)).size).toBe(1);
  expect(calls.at(-1)).toMatchObject({ status: 409, replayed: true });
}, 20_000);

it("a payment whose notification never came is found by Check Status and marked paid", async () => {
  const order = await indomaretOrder(12_000, "Dewi");
  const paid = await doku("pay", { payment_code: order.body.payment_code, notify: false });
  expect(paid).toMatchObject({ paid: true, notification: { state: "dropped" } });
  await until(async () => (await orderOf(order.body.invoice_number)).state === "paid", "reconciliation");
  expect((await orderOf(order.body.invoice_number)).paid).toMatchObject({
    agent_id: "INDOMARET",
    trx_id: paid.payment.agent_trx_id,
  });
});
