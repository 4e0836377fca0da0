import type { DokuEmulator } from "../../src/emulator";
import { verifyDokuResponse } from "../../src/testing";
import {
  type ApiAnswer,
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

const T0 = Date.UTC(2026, 11, 1, 4, 50, 5);
let emulator: DokuEmulator;
let wall = T0;
// A fresh emulator per test: its clock is moved by some of them.
beforeEach(async () => {
  emulator = await emulatorWith({ now: () => wall, codePrefix: "6059", codeLength: 16 });
});
afterEach(() => emulator.close());

/** Every answer to an authenticated call is signed as DOKU-API.md §2 says. */
function expectSigned(answer: ApiAnswer, path: string) {
  const check = verifyDokuResponse({
    headers: answer.headers,
    body: answer.text,
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: path,
    requestId: answer.requestId,
  });
  expect(check).toEqual({ valid: true });
  expect(answer.headers.get("request-id")).toBe(answer.requestId);
  expect(answer.headers.get("response-timestamp")).toBe("2026-12-01T04:50:05Z");
}

const status = (id: string) =>
  callDoku(emulator, { method: "GET", path: `/orders/v1/status/${encodeURIComponent(id)}`, timestampMs: wall });
const post = (path: string, body: object, requestId?: string) =>
  callDoku(emulator, { path, body, timestampMs: wall, ...(requestId === undefined ? {} : { requestId }) });
const patch = (body: object) => callDoku(emulator, { method: "PATCH", path: DGPC_PATH, body, timestampMs: wall });

describe("DGPC: DOKU generates the code", () => {
  it("answers the code, the how-to-pay links and the four dates, signed", async () => {
    const answer = await post(
      DGPC_PATH,
      dgpcBody("INV-20261201-0001", {
        additional_info: { override_notification_url: "http://127.0.0.1:9/doku/notify" },
      }),
    );
    expect(answer.status).toBe(200);
    const code = answer.json.online_to_offline_info.payment_code as string;
    expect(code).toMatch(/^6059\d{12}$/);
    expect(answer.json).toEqual({
      order: { invoice_number: "INV-20261201-0001" },
      online_to_offline_info: {
        payment_code: code,
        how_to_pay_page: `${emulator.url}/how-to-pay/${code}`,
        how_to_pay_api: `${emulator.url}/alfa-online-to-offline/v2/how-to-pay-api/${code}`,
        created_date: "20261201115005",
        expired_date: "20261201125005",
        created_date_utc: "2026-12-01T04:50:05Z",
        expired_date_utc: "2026-12-01T05:50:05Z",
      },
      additional_info: { override_notification_url: "http://127.0.0.1:9/doku/notify" },
    });
    expectSigned(answer, DGPC_PATH);
  });

  it("answers on the seed page's path too", async () => {
    const answer = await post("/alfa-virtual-account/v2/payment-code", dgpcBody("INV-SEED"));
    expect(answer.status).toBe(200);
    expectSigned(answer, "/alfa-virtual-account/v2/payment-code");
  });

  it("defaults expired_time to 60 minutes and never generates the same code twice", async () => {
    const body = dgpcBody("INV-A");
    delete (body.online_to_offline_info as { expired_time?: number }).expired_time;
    const first = await post(DGPC_PATH, body);
    expect(first.json.online_to_offline_info.expired_date_utc).toBe("2026-12-01T05:50:05Z");
    const codes = new Set([first.json.online_to_offline_info.payment_code]);
    for (let i = 0; i < 20; i++)
      codes.add((await post(DGPC_PATH, dgpcBody(`INV-B${i}`))).json.online_to_offline_info.payment_code);
    expect(codes.size).toBe(21);
  });

  it("serves the how-to-pay page and its API", async () => {
    const code = (await post(DGPC_PATH, dgpcBody("INV-HOW"))).json.online_to_offline_info.payment_code as string;
    const page = await fetch(`${emulator.url}/how-to-pay/${code}`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain(code.replace(/(\d{4})(?=\d)/g, "$1 "));
    const api = (await (await fetch(`${emulator.url}/alfa-online-to-offline/v2/how-to-pay-api/${code}`)).json()) as {
      steps: string[];
    };
    expect(api.steps).toHaveLength(3);
    expect((await fetch(`${emulator.url}/how-to-pay/<script>`)).status).toBe(404);
  });
});

describe("MGPC: the merchant registers its code", () => {
  it("keeps the merchant's code", async () => {
    const answer = await post(MGPC_PATH, mgpcBody("INV-M1", "1900600000000046"));
    expect(answer.status).toBe(200);
    expect(answer.json.online_to_offline_info.payment_code).toBe("1900600000000046");
    expectSigned(answer, MGPC_PATH);
    expect(emulator.codes().codes).toEqual([
      expect.objectContaining({
        payment_code: "1900600000000046",
        origin: "merchant_generated",
        state: "active",
        amount: 150_000,
      }),
    ]);
  });

  it("refuses a code registered already (the emulator's choice)", async () => {
    await post(MGPC_PATH, mgpcBody("INV-M1", "1900600000000046"));
    const again = await post(MGPC_PATH, mgpcBody("INV-M2", "1900600000000046"));
    expect(again.status).toBe(400);
    expect(again.json).toEqual({
      error: {
        code: "duplicate_payment_code",
        message: "Payment code has already been registered",
        type: "invalid_request_error",
      },
      order: { invoice_number: "INV-M2" },
    });
    expectSigned(again, MGPC_PATH);
  });
});

describe("field limits from DOKU's tables", () => {
  it.each([
    [
      "an invoice number of 65 characters",
      { order: { invoice_number: "I".repeat(65), amount: 1 } },
      "order.invoice_number",
    ],
    ["an amount of 13 digits", { order: { invoice_number: "INV-L", amount: 1_000_000_000_000 } }, "order.amount"],
    ["an amount with decimals", { order: { invoice_number: "INV-L", amount: 10.5 } }, "order.amount"],
    ["a zero amount", { order: { invoice_number: "INV-L", amount: 0 } }, "order.amount"],
    ["an amount as a string", { order: { invoice_number: "INV-L", amount: "150000" } }, "order.amount"],
    [
      "an expired_time of 6 digits",
      { online_to_offline_info: { expired_time: 100_000, reusable_status: false } },
      "online_to_offline_info.expired_time",
    ],
    [
      "info of 31 characters",
      { online_to_offline_info: { reusable_status: false, info: "x".repeat(31) } },
      "online_to_offline_info.info",
    ],
    ["no reusable_status", { online_to_offline_info: { expired_time: 60 } }, "online_to_offline_info.reusable_status"],
    ["a name of 65 characters", { customer: { name: "n".repeat(65) } }, "customer.name"],
    [
      "an email of 129 characters",
      { customer: { name: "Ani", email: `${"e".repeat(120)}@mail.com` } },
      "customer.email",
    ],
    [
      "an override that is not a URL",
      { additional_info: { override_notification_url: "not a url" } },
      "additional_info.override_notification_url",
    ],
  ])("%s is refused, naming the field", async (_name, change, field) => {
    const answer = await post(DGPC_PATH, { ...dgpcBody("INV-L"), ...change });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: "invalid_parameter", type: "invalid_request_error" });
    expect(answer.json.error.message).toMatch(new RegExp(`^Invalid request body: ${field.replace(/\./g, "\\.")}: `));
    expectSigned(answer, DGPC_PATH);
    expect(emulator.codes().held).toBe(0);
  });

  it("an MGPC code of 21 digits or with letters", async () => {
    for (const code of ["1".repeat(21), "12ab"]) {
      const answer = await post(MGPC_PATH, mgpcBody("INV-L", code));
      expect(answer.json.error.message).toMatch(/^Invalid request body: online_to_offline_info\.payment_code: /);
    }
  });

  it("a body that is not JSON, and info and info1 that differ", async () => {
    const notJson = await callDoku(emulator, { path: DGPC_PATH, body: "{nope", timestampMs: wall });
    expect(notJson.json.error.message).toBe("Invalid request body: the body is not valid JSON");
    const body = dgpcBody("INV-I");
    const differ = await post(DGPC_PATH, {
      ...body,
      online_to_offline_info: { ...body.online_to_offline_info, info1: "Other text" },
    });
    expect(differ.json.error.message).toBe(
      "Invalid request body: online_to_offline_info.info and info1 carry different texts",
    );
  });

  it("an override that leaves the Notification URL's path, or goes to another host", async () => {
    const strict = await emulatorWith({ now: () => wall, notificationUrl: "http://127.0.0.1:3000/doku/notify" });
    try {
      const send = (url: string) =>
        callDoku(strict, {
          path: DGPC_PATH,
          body: dgpcBody(`INV-${url.length}`, { additional_info: { override_notification_url: url } }),
          timestampMs: wall,
        });
      expect((await send("http://127.0.0.1:4000/other/path")).json.error.message).toContain(
        "must keep the Notification URL's path /doku/notify",
      );
      expect((await send("https://shop.example.com/doku/notify")).json.error.message).toContain(
        "must be on a loopback host",
      );
      expect((await send("http://localhost:4000/doku/notify")).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it("a body over the limit gets 413 before it is read", async () => {
    const answer = await callDoku(emulator, { path: DGPC_PATH, body: "x".repeat(70 * 1024), timestampMs: wall });
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({
      error: { code: "request_entity_too_large", message: "Request body is too large", type: "invalid_request_error" },
    });
  });
});

describe("a duplicate invoice number", () => {
  it("is refused under a new Request-Id (the emulator's choice), and the choice can be switched", async () => {
    await post(DGPC_PATH, dgpcBody("INV-DUP"));
    const again = await post(DGPC_PATH, dgpcBody("INV-DUP"));
    expect(again.status).toBe(400);
    expect(again.json).toEqual({
      error: {
        code: "duplicate_invoice_number",
        message: "Invoice number has already been used",
        type: "invalid_request_error",
      },
      order: { invoice_number: "INV-DUP" },
    });

    emulator.setAnswer("duplicate_invoice_number", {
      status: 409,
      code: "invoice_exists",
      message: "Duplicate invoice",
    });
    try {
      const switched = await post(DGPC_PATH, dgpcBody("INV-DUP"));
      expect(switched.status).toBe(409);
      expect(switched.json.error).toEqual({
        code: "invoice_exists",
        message: "Duplicate invoice",
        type: "invalid_request_error",
      });
    } finally {
      emulator.setAnswer("duplicate_invoice_number", {
        status: 400,
        code: "duplicate_invoice_number",
        message: "Invoice number has already been used",
      });
    }
  });
});

describe("replay by Request-Id (DOKU-API.md §3)", () => {
  it("answers the same Request-Id and body with 409 and the first answer's body, signed afresh", async () => {
    const first = await post(DGPC_PATH, dgpcBody("INV-R"), "replay-1");
    wall += 5_000;
    try {
      const again = await post(DGPC_PATH, dgpcBody("INV-R"), "replay-1");
      expect(again.status).toBe(409);
      expect(again.text).toBe(first.text);
      expect(again.headers.get("response-timestamp")).toBe("2026-12-01T04:50:10Z");
      expect(
        verifyDokuResponse({
          headers: again.headers,
          body: again.text,
          clientId: CLIENT_ID,
          secretKey: SECRET,
          requestTarget: DGPC_PATH,
        }),
      ).toEqual({ valid: true });
      expect(emulator.codes().held).toBe(1);
      expect(emulator.calls().calls.at(-1)).toMatchObject({ replayed: true, status: 409 });
    } finally {
      wall = T0;
    }
  });

  it("replays an error answer as it was", async () => {
    const first = await post(DGPC_PATH, { ...dgpcBody("INV-E"), customer: { name: "" } }, "replay-error");
    const again = await post(DGPC_PATH, { ...dgpcBody("INV-E"), customer: { name: "" } }, "replay-error");
    expect([first.status, again.status]).toEqual([400, 409]);
    expect(again.text).toBe(first.text);
  });

  it("refuses the same Request-Id with another body (the emulator's choice)", async () => {
    await post(DGPC_PATH, dgpcBody("INV-X1"), "replay-2");
    const other = await post(DGPC_PATH, dgpcBody("INV-X2"), "replay-2");
    expect(other.status).toBe(400);
    expect(other.json).toEqual({
      error: {
        code: "idempotent_request",
        message: "Request-Id has already been used with another request",
        type: "invalid_request_error",
      },
    });
    expect(emulator.codes().codes.map((c) => c.invoice_number)).toEqual(["INV-X1"]);
  });

  it("does not replay Check Status: each GET reads the state now", async () => {
    const code = (await post(DGPC_PATH, dgpcBody("INV-G"))).json.online_to_offline_info.payment_code as string;
    const read = () =>
      callDoku(emulator, { method: "GET", path: "/orders/v1/status/INV-G", requestId: "same-get", timestampMs: wall });
    expect((await read()).json.transaction.status).toBe("PENDING");
    emulator.expire(code);
    const after = await read();
    expect(after.status).toBe(200);
    expect(after.json.transaction.status).toBe("EXPIRED");
  });
});

describe("update and cancel (PATCH)", () => {
  let code: string;
  beforeEach(async () => {
    code = (await post(DGPC_PATH, dgpcBody("INV-P"))).json.online_to_offline_info.payment_code as string;
  });

  it("updates amount, expiry, info and customer, and answers the dates", async () => {
    await emulator.advanceClock(60_000);
    const answer = await patch(patchBody("INV-P", code, "ACTIVE", { expired_time: 120, info: "Baru" }));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      order: { invoice_number: "INV-P" },
      online_to_offline_info: {
        payment_code: code,
        created_date: "20261201115005",
        expired_date: "20261201135105",
        created_date_utc: "2026-12-01T04:50:05Z",
        expired_date_utc: "2026-12-01T06:51:05Z",
      },
    });
    expectSigned(answer, DGPC_PATH);
    const changed = await patch({
      ...patchBody("INV-P", code, "ACTIVE"),
      order: { invoice_number: "INV-P", amount: 99_000 },
      customer: { name: "Budi" },
    });
    expect(changed.status).toBe(200);
    expect(emulator.codes().codes[0]).toMatchObject({ amount: 99_000, info: "Baru", customer: { name: "Budi" } });
  });

  it("limits the PATCH customer name to 40 characters", async () => {
    const answer = await patch({ ...patchBody("INV-P", code, "ACTIVE"), customer: { name: "n".repeat(41) } });
    expect(answer.json.error.message).toMatch(/^Invalid request body: customer\.name: /);
  });

  it("cancels with DELETE; the code then refuses updates and the till", async () => {
    expect((await patch(patchBody("INV-P", code, "DELETE"))).status).toBe(200);
    expect(emulator.codes().codes[0]?.state).toBe("cancelled");
    const again = await patch(patchBody("INV-P", code, "ACTIVE"));
    expect(again.json).toEqual({
      error: {
        code: "payment_code_already_deleted",
        message: "Payment code has been deleted",
        type: "invalid_request_error",
      },
      order: { invoice_number: "INV-P" },
    });
    expect((await status("INV-P")).json.transaction.status).toBe("FAILED");
    expect(await emulator.pay({ payment_code: code })).toMatchObject({ paid: false, refusal: "cancelled" });
  });

  it.each([
    [
      "an unknown code",
      (c: string) => patchBody("INV-P", `${c.slice(0, -1)}${c.endsWith("0") ? "1" : "0"}`, "ACTIVE"),
      404,
      "payment_code_not_found",
    ],
    ["another invoice's code", (c: string) => patchBody("INV-OTHER", c, "ACTIVE"), 404, "payment_code_not_found"],
  ])("%s", async (_name, body, httpStatus, errorCode) => {
    const answer = await patch(body(code));
    expect(answer.status).toBe(httpStatus);
    expect(answer.json.error.code).toBe(errorCode);
  });

  it("an expired code and a paid code", async () => {
    emulator.expire(code);
    expect((await patch(patchBody("INV-P", code, "ACTIVE"))).json.error).toEqual({
      code: "payment_code_expired",
      message: "Payment code has expired",
      type: "invalid_request_error",
    });
    const other = (await post(DGPC_PATH, dgpcBody("INV-PAID"))).json.online_to_offline_info.payment_code as string;
    await emulator.pay({ payment_code: other });
    expect((await patch(patchBody("INV-PAID", other, "DELETE"))).json.error).toEqual({
      code: "payment_code_already_paid",
      message: "Payment code has already been paid",
      type: "invalid_request_error",
    });
  });

  it("lets a test switch an undocumented answer through the admin API", async () => {
    const switched = await fetch(`${emulator.url}/_emulator/answers`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        case: "payment_code_not_found",
        status: 400,
        code: "invalid_payment_code",
        message: "Not found",
      }),
    });
    expect(switched.status).toBe(200);
    try {
      const answer = await patch(patchBody("INV-P", "1", "ACTIVE"));
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe("invalid_payment_code");
    } finally {
      emulator.setAnswer("payment_code_not_found", {
        status: 404,
        code: "payment_code_not_found",
        message: "Payment code not found",
      });
    }
  });
});

describe("Check Status", () => {
  it("finds a code by invoice number and by the create call's Request-Id, PENDING until paid", async () => {
    const created = await post(DGPC_PATH, dgpcBody("INV/2026 01"), "create-status-1");
    const code = created.json.online_to_offline_info.payment_code as string;
    const byInvoice = await status("INV/2026 01");
    expect(byInvoice.status).toBe(200);
    expect(byInvoice.json).toEqual({
      order: { invoice_number: "INV/2026 01", amount: 150_000 },
      transaction: { status: "PENDING", date: "2026-12-01T04:50:05Z", original_request_id: "create-status-1" },
      service: { id: "ONLINE_TO_OFFLINE" },
      acquirer: { id: "ALFA" },
      channel: { id: "ONLINE_TO_OFFLINE_ALFA" },
      online_to_offline_info: {
        payment_code: code,
        created_date: "20261201115005",
        expired_date: "20261201125005",
        reusable_status: false,
      },
    });
    expectSigned(byInvoice, `/orders/v1/status/${encodeURIComponent("INV/2026 01")}`);
    expect((await status("create-status-1")).json.order.invoice_number).toBe("INV/2026 01");

    const paid = await emulator.pay({ payment_code: code, agent_store_id: "TOKO-7" });
    const after = await status("INV/2026 01");
    expect(after.json.transaction).toEqual({
      status: "SUCCESS",
      date: "2026-12-01T04:50:05Z",
      original_request_id: "create-status-1",
    });
    expect(after.json.online_to_offline_payment.identifier).toEqual([
      { name: "AGENT_ID", value: "ALFAMART" },
      { name: "AGENT_STORE_ID", value: "TOKO-7" },
      { name: "AGENT_TRX_ID", value: paid.payment?.agent_trx_id },
    ]);
  });

  it("EXPIRED after expiry on its clock, and 404 for an invoice it does not know", async () => {
    await post(DGPC_PATH, dgpcBody("INV-EXP", { expired_time: 1 }));
    expect((await status("INV-EXP")).json.transaction.status).toBe("PENDING");
    await emulator.advanceClock(60_000);
    expect((await status("INV-EXP")).json.transaction.status).toBe("EXPIRED");
    const unknown = await status("INV-NOBODY");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      error: { code: "transaction_not_found", message: "Transaction not found", type: "invalid_request_error" },
    });
  });

  it("knows only the calling client's invoices", async () => {
    const other = await emulatorWith({
      clients: [
        { clientId: CLIENT_ID, secretKeys: [SECRET] },
        { clientId: "MCH-OTHER", secretKeys: ["SK-OTHER-KEY"] },
      ],
    });
    try {
      await callDoku(other, { path: DGPC_PATH, body: dgpcBody("INV-MINE") });
      const theirs = await callDoku(other, {
        method: "GET",
        path: "/orders/v1/status/INV-MINE",
        clientId: "MCH-OTHER",
        secretKey: "SK-OTHER-KEY",
      });
      expect(theirs.status).toBe(404);
    } finally {
      await other.close();
    }
  });
});
