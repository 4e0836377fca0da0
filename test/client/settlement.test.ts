import { DokuError } from "../../src";
import type { DokuEmulator } from "../../src/emulator";
import { clientOf, order } from "../support/client";
import { emulatorWith } from "../support/doku-api";

// Split settlement and the sub-account under additional_info: checked before anything is sent,
// sent as given when valid.

let emulator: DokuEmulator;
beforeEach(async () => {
  emulator = await emulatorWith({ codePrefix: "6059" });
});
afterEach(() => emulator.close());

const split = (...entries: Array<[string, number, "PERCENTAGE" | "FIX"]>) =>
  entries.map(([id, value, type]) => ({ bank_account_settlement_id: id, value, type }));

describe("valid split settlements are sent with their keys and values unchanged", () => {
  it.each([
    ["one account, all of it", { settlement: split(["SBS-1", 100, "PERCENTAGE"]) }],
    [
      "percentages under 100 in total",
      { settlement: split(["SBS-1", 60, "PERCENTAGE"], ["SBS-2", 30.5, "PERCENTAGE"]) },
    ],
    [
      "thirds in decimals",
      { settlement: split(["A", 33.3, "PERCENTAGE"], ["B", 33.3, "PERCENTAGE"], ["C", 33.4, "PERCENTAGE"]) },
    ],
    ["FIX beside PERCENTAGE", { settlement: split(["SBS-1", 25_000, "FIX"], ["SBS-2", 100, "PERCENTAGE"]) }],
    ["FIX above 100", { settlement: split(["SBS-1", 125_000, "FIX"], ["SBS-2", 2_500, "FIX"]) }],
    ["a sub-account", { account: { id: "SAC-0001-1234567890" } }],
    [
      "both, an override and keys DOKU may add",
      {
        override_notification_url: "http://127.0.0.1:9/notify",
        settlement: [{ bank_account_settlement_id: "SBS-1", value: 10, type: "PERCENTAGE" as const, note: "seller" }],
        account: { id: "SAC-1", name: "Toko" },
        channel_note: "kept",
      },
    ],
  ])("create: %s", async (_name, additional_info) => {
    const { client, sent } = clientOf(emulator);
    const body = { ...order("INV-SP1"), additional_info };
    await client.createPaymentCode(body);
    expect(sent[0]?.body).toBe(JSON.stringify(body));
  });

  it("register and update send them too", async () => {
    const { client, sent } = clientOf(emulator);
    const additional_info = { settlement: split(["SBS-1", 70, "PERCENTAGE"]), account: { id: "SAC-9" } };
    const registered = {
      order: { invoice_number: "INV-SP2", amount: 50_000 },
      online_to_offline_info: { payment_code: "1900600000000099", reusable_status: false },
      customer: { name: "Budi" },
      additional_info,
    };
    await client.registerPaymentCode(registered);
    await client.updatePaymentCode({
      order: { invoice_number: "INV-SP2", amount: 60_000 },
      online_to_offline_info: { payment_code: "1900600000000099", status: "ACTIVE" },
      additional_info,
    });
    expect(sent[0]?.body).toBe(JSON.stringify(registered));
    expect(sent[1]?.body).toBe(
      JSON.stringify({
        order: { invoice_number: "INV-SP2", amount: 60_000 },
        online_to_offline_info: { payment_code: "1900600000000099", status: "ACTIVE" },
        additional_info,
      }),
    );
  });
});

describe("an invalid split settlement or sub-account is refused before any call, naming the field", () => {
  const entry = { bank_account_settlement_id: "SBS-1", value: 50, type: "PERCENTAGE" };
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["settlement not a list", { settlement: entry }, "additional_info.settlement"],
    [
      "an entry without an id",
      { settlement: [{ value: 50, type: "PERCENTAGE" }] },
      "additional_info.settlement.0.bank_account_settlement_id",
    ],
    [
      "an empty id",
      { settlement: [entry, { ...entry, bank_account_settlement_id: "" }] },
      "additional_info.settlement.1.bank_account_settlement_id",
    ],
    ["a value of 0", { settlement: [{ ...entry, value: 0 }] }, "additional_info.settlement.0.value"],
    [
      "a negative value",
      { settlement: [{ ...entry, type: "FIX", value: -5_000 }] },
      "additional_info.settlement.0.value",
    ],
    ["a value as a string", { settlement: [{ ...entry, value: "50" }] }, "additional_info.settlement.0.value"],
    ["an unknown type", { settlement: [{ ...entry, type: "NETT" }] }, "additional_info.settlement.0.type"],
    ["a type in lower case", { settlement: [{ ...entry, type: "percentage" }] }, "additional_info.settlement.0.type"],
    [
      "no type",
      { settlement: [{ bank_account_settlement_id: "SBS-1", value: 50 }] },
      "additional_info.settlement.0.type",
    ],
    ["a percentage above 100", { settlement: [{ ...entry, value: 100.5 }] }, "additional_info.settlement.0.value"],
    [
      "percentages above 100 together",
      { settlement: [entry, { ...entry, value: 50.01 }] },
      "additional_info.settlement",
    ],
    ["an account without an id", { account: {} }, "additional_info.account.id"],
    ["an empty account id", { account: { id: "" } }, "additional_info.account.id"],
    ["an account id as a number", { account: { id: 42 } }, "additional_info.account.id"],
  ];
  const refusal = (field: string) => new RegExp(`: ${field.replace(/\./g, "\\.")}: [^;]*; nothing was sent to DOKU$`);

  it.each(cases)("create: %s", async (_name, additional_info, field) => {
    const { client, sent } = clientOf(emulator);
    const error = await client.createPaymentCode({ ...order("INV-SX"), additional_info }).catch((e) => e);
    expect(error).toBeInstanceOf(DokuError);
    expect(error).toMatchObject({ type: "invalid_request", attempts: 0 });
    expect((error as DokuError).message).toMatch(refusal(field));
    expect(sent).toEqual([]);
  });

  it.each(cases)("register and update: %s", async (_name, additional_info, field) => {
    const { client, sent } = clientOf(emulator);
    const register = client.registerPaymentCode({
      order: { invoice_number: "INV-SX", amount: 50_000 },
      online_to_offline_info: { payment_code: "1900600000000098", reusable_status: false },
      customer: { name: "Budi" },
      additional_info,
    });
    const update = client.updatePaymentCode({
      order: { invoice_number: "INV-SX" },
      online_to_offline_info: { payment_code: "1900600000000098" },
      additional_info,
    });
    for (const error of [await register.catch((e) => e), await update.catch((e) => e)]) {
      expect(error).toBeInstanceOf(DokuError);
      expect((error as DokuError).message).toMatch(refusal(field));
    }
    expect(sent).toEqual([]);
  });

  it("names the sum of the percentages", async () => {
    const { client } = clientOf(emulator);
    const additional_info = {
      settlement: split(["A", 70, "PERCENTAGE"], ["B", 1_000, "FIX"], ["C", 40, "PERCENTAGE"]),
    };
    await expect(client.createPaymentCode({ ...order("INV-SY"), additional_info })).rejects.toThrow(
      /additional_info\.settlement: the percentages add up to 110, above 100/,
    );
  });
});
