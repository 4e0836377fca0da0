import express from "express";

import { createNotificationRouter, type PaymentNotification } from "../../src";
import type { DokuEmulator, EmulatorCodeView } from "../../src/emulator";
import {
  callDoku,
  CLIENT_ID,
  DGPC_PATH,
  dgpcBody,
  emulatorWith,
  MGPC_PATH,
  mgpcBody,
  patchBody,
  SECRET,
} from "../support/doku-api";
import { listen, type Running } from "../support/http";

// The emulator records the split settlement and sub-account a code's calls ask for, and shows them.
const INDOMARET_PATH = "/indomaret-online-to-offline/v2/payment-code";
const SPLIT = [
  { bank_account_settlement_id: "SBS-0001", value: 70, type: "PERCENTAGE" },
  { bank_account_settlement_id: "SBS-0002", value: 30, type: "PERCENTAGE" },
];
const ACCOUNT = { id: "SAC-2001-0001" };

let emulator: DokuEmulator;
let shop: Running | undefined;
beforeEach(async () => {
  emulator = await emulatorWith();
});
afterEach(async () => {
  await emulator.close();
  await shop?.close();
  shop = undefined;
});

async function created(path: string, body: object): Promise<string> {
  const answer = await callDoku(emulator, { path, body });
  expect(answer.status).toBe(200);
  return answer.json.online_to_offline_info.payment_code as string;
}

/** The code as the admin API serves it over HTTP, and as the handle gives it: the same. */
async function viewOf(code: string): Promise<EmulatorCodeView> {
  const served = (await (await fetch(`${emulator.url}/_emulator/codes`)).json()) as { codes: EmulatorCodeView[] };
  const over = served.codes.find((c) => c.payment_code === code);
  expect(over).toEqual(emulator.codes().codes.find((c) => c.payment_code === code));
  return over as EmulatorCodeView;
}

describe("split settlement and sub-account in the emulator", () => {
  it.each([
    [
      "an Alfa DGPC create",
      DGPC_PATH,
      (invoice: string, info: Record<string, unknown>) => dgpcBody(invoice, { additional_info: info }),
    ],
    [
      "an MGPC register",
      MGPC_PATH,
      (invoice: string, info: Record<string, unknown>) => ({
        ...mgpcBody(invoice, "1900600000000046"),
        additional_info: info,
      }),
    ],
    [
      "an Indomaret create",
      INDOMARET_PATH,
      (invoice: string, info: Record<string, unknown>) => dgpcBody(invoice, { additional_info: info }),
    ],
  ])("records them from %s and shows them in the code's view", async (_what, path, body) => {
    const code = await created(path, body("INV-SPLIT-1", { settlement: SPLIT, account: ACCOUNT }));
    const view = await viewOf(code);
    expect(view.settlement).toEqual(SPLIT);
    expect(view.account).toEqual(ACCOUNT);
  });

  it("shows a FIX entry as it came, and no split for a code created without one", async () => {
    const fixed = [{ bank_account_settlement_id: "SBS-0003", value: 10_000, type: "FIX" }];
    const withSplit = await created(DGPC_PATH, dgpcBody("INV-SPLIT-2", { additional_info: { settlement: fixed } }));
    const plain = await created(DGPC_PATH, dgpcBody("INV-PLAIN"));
    expect(await viewOf(withSplit)).toMatchObject({ settlement: fixed });
    expect((await viewOf(withSplit)).account).toBeUndefined();
    const view = await viewOf(plain);
    expect("settlement" in view || "account" in view).toBe(false);
  });

  it("takes an update's settlement in place of the create's and keeps the sub-account it did not name", async () => {
    const code = await created(
      DGPC_PATH,
      dgpcBody("INV-SPLIT-3", { additional_info: { settlement: SPLIT, account: ACCOUNT } }),
    );
    const next = [{ bank_account_settlement_id: "SBS-0009", value: 100, type: "PERCENTAGE" }];
    const update = await callDoku(emulator, {
      method: "PATCH",
      path: DGPC_PATH,
      body: { ...patchBody("INV-SPLIT-3", code, "ACTIVE"), additional_info: { settlement: next } },
    });
    expect(update.status).toBe(200);
    expect(await viewOf(code)).toMatchObject({ settlement: next, account: ACCOUNT });

    const account = { id: "SAC-2001-0002" };
    await callDoku(emulator, {
      method: "PATCH",
      path: DGPC_PATH,
      body: { ...patchBody("INV-SPLIT-3", code, "ACTIVE"), additional_info: { account } },
    });
    expect(await viewOf(code)).toMatchObject({ settlement: next, account });
  });

  it("records nothing from a refused call: a percentage above 100 is refused, naming the field", async () => {
    const answer = await callDoku(emulator, {
      path: DGPC_PATH,
      body: dgpcBody("INV-SPLIT-4", {
        additional_info: { settlement: [{ bank_account_settlement_id: "SBS-1", value: 120, type: "PERCENTAGE" }] },
      }),
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toContain("additional_info.settlement");
    expect(emulator.codes().held).toBe(0);
  });

  it("notifies the payment with the code's additional_info as the last update left it", async () => {
    const paid: PaymentNotification[] = [];
    shop = await listen(
      express().use(
        createNotificationRouter({
          path: "/doku/notify",
          clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }],
          onPayment: async (n) => void paid.push(n),
        }),
      ),
    );
    await emulator.close();
    emulator = await emulatorWith({ notificationUrl: `${shop.url}/doku/notify` });
    const override = `${shop.url}/doku/notify`;
    const code = await created(
      DGPC_PATH,
      dgpcBody("INV-SPLIT-5", { additional_info: { override_notification_url: override, settlement: SPLIT } }),
    );
    await callDoku(emulator, {
      method: "PATCH",
      path: DGPC_PATH,
      body: { ...patchBody("INV-SPLIT-5", code, "ACTIVE"), additional_info: { account: ACCOUNT } },
    });
    const payment = await emulator.pay({ payment_code: code });
    expect(payment.notification).toMatchObject({ state: "delivered" });
    expect(paid[0]?.additional_info).toEqual({
      override_notification_url: override,
      settlement: SPLIT,
      account: ACCOUNT,
    });
  });
});
