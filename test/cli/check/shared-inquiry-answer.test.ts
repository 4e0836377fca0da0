import { type DokuEmulator, startDokuEmulator } from "../../../src/emulator";
import { checkInquiryAnswer } from "../../../src/protocol";
import { runCliWithSecret } from "./check-cli";
import {
  type HandWrittenMerchant,
  HW_CLIENT_ID,
  HW_CODES,
  HW_SECRET,
  startHandWrittenMerchant,
} from "./hand-written-merchant";

// The emulator's till, `simulate` and `check` read an inquiry answer with one check: an answer whose
// payment_code is not the code asked (a 20-digit code kept as a JavaScript number) is refused by all.
let shop: HandWrittenMerchant;
let emulator: DokuEmulator;

afterEach(async () => {
  await emulator?.close();
  await shop?.close();
});

describe("an answer that echoes another payment code", () => {
  it("is refused at the emulator's till", async () => {
    shop = await startHandWrittenMerchant({ roundsCode: true });
    emulator = await startDokuEmulator({
      clients: [{ clientId: HW_CLIENT_ID, secretKeys: [HW_SECRET] }],
      inquiryUrl: shop.inquiryUrl,
    });
    const screen = await emulator.inquire({ payment_code: HW_CODES.payable20 });
    expect(screen).toMatchObject({ payable: false, refusal: "merchant_error" });
    expect(screen.inquiry?.problems).toEqual([
      expect.stringContaining(
        "online_to_offline_info.payment_code is 12345678901234567000, not the code asked, 12345678901234567890",
      ),
    ]);
  });

  it("is a problem for simulate inquiry", async () => {
    shop = await startHandWrittenMerchant({ roundsCode: true });
    const argv = ["simulate", "inquiry", "--url", shop.inquiryUrl, "--client-id", HW_CLIENT_ID, "--payment-code"];
    const run = await runCliWithSecret([...argv, HW_CODES.payable20], HW_SECRET);
    expect(run.code).toBe(1);
    expect(run.out).toContain("online_to_offline_info.payment_code is 12345678901234567000");
  });

  it("is no problem when the code is echoed exactly, as a string or as an exact integer", async () => {
    shop = await startHandWrittenMerchant();
    emulator = await startDokuEmulator({
      clients: [{ clientId: HW_CLIENT_ID, secretKeys: [HW_SECRET] }],
      inquiryUrl: shop.inquiryUrl,
    });
    expect(await emulator.inquire({ payment_code: HW_CODES.payable20 })).toMatchObject({ payable: true });
    await shop.close();
    shop = await startHandWrittenMerchant({ roundsCode: true });
    await emulator.close();
    emulator = await startDokuEmulator({
      clients: [{ clientId: HW_CLIENT_ID, secretKeys: [HW_SECRET] }],
      inquiryUrl: shop.inquiryUrl,
    });
    // 16 digits are below 2^53: the number echoed is the code.
    expect(await emulator.inquire({ payment_code: HW_CODES.payable })).toMatchObject({ payable: true });
  });
});

describe("DOKU's length limits on a success answer", () => {
  it("are problems for every reader of the answer", () => {
    const body = Buffer.from(
      JSON.stringify({
        order: { invoice_number: "INV-1", amount: 5000 },
        online_to_offline_info: { payment_code: "8896500000000001", info: "x".repeat(31) },
        online_to_offline_inquiry: { status: "success" },
        customer: { name: "N".repeat(65), email: 7 },
      }),
    );
    const check = checkInquiryAnswer({
      httpStatus: 200,
      headers: new Headers({ "Content-Type": "application/json" }),
      body,
      clientId: "MCH-1",
      secretKey: "SK-LIMITS-TEST",
      requestTarget: "/doku/inquiry",
      requestId: "r-1",
      paymentCode: "8896500000000001",
    });
    expect(check.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`customer.name "${"N".repeat(65)}" is not a string of at most 64 characters`),
        expect.stringContaining("customer.email 7 is not a string of at most 128 characters"),
        expect.stringContaining("online_to_offline_info.info"),
      ]),
    );
    expect(check.problems.join()).not.toContain("payment_code is");
  });
});
