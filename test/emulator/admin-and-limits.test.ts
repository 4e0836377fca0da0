import { request } from "node:http";

import { type DokuEmulator, type DokuEmulatorOptions, startDokuEmulator } from "../../src/emulator";
import { callDoku, CLIENT_ID, DGPC_PATH, dgpcBody, emulatorWith, SECRET } from "../support/doku-api";

const admin = async (emulator: DokuEmulator, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${emulator.url}/_emulator/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : {
          headers: { "Content-Type": "application/json" },
          body: typeof body === "string" ? body : JSON.stringify(body),
        }),
  });
  return { status: response.status, json: (await response.json()) as any };
};

describe("the admin API", () => {
  let emulator: DokuEmulator;
  beforeEach(async () => {
    emulator = await emulatorWith();
  });
  afterEach(() => emulator.close());

  it("lists codes, pays, expires, moves the clock and shows the calls", async () => {
    const code = (await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("INV-ADM") })).json.online_to_offline_info
      .payment_code as string;
    const codes = await admin(emulator, "GET", "codes");
    expect(codes.json).toMatchObject({
      limit: 10_000,
      held: 1,
      codes: [
        {
          payment_code: code,
          client_id: CLIENT_ID,
          invoice_number: "INV-ADM",
          state: "active",
          origin: "doku_generated",
        },
      ],
    });

    const screen = await admin(emulator, "POST", "inquire", { payment_code: code });
    expect(screen.json).toMatchObject({ payable: true, amount: 150_000, name: "Anton Budiman" });
    const paid = await admin(emulator, "POST", "pay", { payment_code: code });
    expect(paid.json).toMatchObject({ paid: true, notification: { state: "not_sent" } });

    const other = (await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("INV-ADM-2") })).json
      .online_to_offline_info.payment_code as string;
    expect(await admin(emulator, "POST", "expire", { payment_code: other })).toEqual({
      status: 200,
      json: { payment_code: other, state: "expired" },
    });
    expect((await admin(emulator, "POST", "expire", { payment_code: "1" })).status).toBe(404);

    const before = Date.parse((await admin(emulator, "GET", "clock")).json.now);
    const moved = await admin(emulator, "POST", "clock", { advance_ms: 3_600_000 });
    expect(Date.parse(moved.json.now) - before).toBeGreaterThanOrEqual(3_600_000);
    expect(moved.json.notifications_attempted).toBe(0);

    const calls = await admin(emulator, "GET", "calls");
    expect(calls.json).toMatchObject({ limit: 1000, dropped: 0 });
    expect(calls.json.calls.map((c: { kind: string }) => c.kind)).toEqual(["create", "create"]);
    expect((await admin(emulator, "GET", "notifications")).json).toEqual({
      notifications: [],
      limit: 10_000,
      dropped: 0,
    });
    expect((await admin(emulator, "GET", "answers")).json.answers.duplicate_invoice_number).toEqual({
      status: 400,
      code: "duplicate_invoice_number",
      message: "Invoice number has already been used",
    });

    await admin(emulator, "POST", "reset");
    expect(emulator.codes().held).toBe(0);
    expect(emulator.calls().calls).toEqual([]);
  });

  it.each([
    ["pay", "not json", /not JSON/],
    ["pay", { payment_code: "12ab" }, /payment_code: must be 1 to 20 digits/],
    ["pay", { payment_code: "1", amount: 1.5 }, /amount/],
    ["pay", { payment_code: "1", notify: "no" }, /notify/],
    ["clock", { advance_ms: -1 }, /advance_ms/],
    ["answers", { case: "nothing_like_it", status: 400, code: "x", message: "y" }, /case/],
    ["answers", { case: "body_too_large", status: 200, code: "x", message: "y" }, /status/],
  ])("refuses a bad %s request with 400 and the reason", async (path, body, reason) => {
    const answer = await admin(emulator, "POST", path, body);
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe("invalid_admin_request");
    expect(answer.json.error.message).toMatch(reason);
  });

  it("takes an order's JSON piped in whole, and can drop the notification", async () => {
    const code = (await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("INV-PIPE") })).json.online_to_offline_info
      .payment_code as string;
    const paid = await admin(emulator, "POST", "pay", {
      invoice_number: "INV-PIPE",
      payment_code: code,
      amount: 150_000,
      state: "pending",
      notify: false,
    });
    expect(paid.json).toMatchObject({ paid: true, notification: { state: "dropped" } });
    expect(emulator.notifications().notifications).toEqual([]);
  });

  it("refuses an admin body over 16 KiB", async () => {
    const answer = await admin(emulator, "POST", "pay", { payment_code: "1", pad: "x".repeat(20_000) });
    expect(answer.status).toBe(413);
  });

  it("serves the cashier page at /", async () => {
    const page = await fetch(`${emulator.tillUrl}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toContain('<label for="payment-code">Payment code</label>');
  });
});

describe("limits: memory stays bounded, and the limit is said", () => {
  it("refuses a create once it holds limits.codes codes", async () => {
    const emulator = await emulatorWith({ limits: { codes: 2 } });
    try {
      for (const invoice of ["A", "B"])
        expect((await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody(invoice) })).status).toBe(200);
      const full = await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("C") });
      expect(full.status).toBe(503);
      expect(full.json).toEqual({
        error: {
          code: "emulator_capacity_reached",
          message: "The emulator holds 2 codes, its limit (limits.codes); reset it or raise the limit",
          type: "api_error",
        },
        order: { invoice_number: "C" },
      });
    } finally {
      await emulator.close();
    }
  });

  it("keeps the newest limits.calls calls and counts the ones it dropped", async () => {
    const emulator = await emulatorWith({ limits: { calls: 3 } });
    try {
      for (let i = 0; i < 5; i++) await callDoku(emulator, { method: "GET", path: `/orders/v1/status/INV-${i}` });
      const { calls, dropped } = emulator.calls();
      expect(calls.map((c) => c.url)).toEqual([
        "/orders/v1/status/INV-2",
        "/orders/v1/status/INV-3",
        "/orders/v1/status/INV-4",
      ]);
      expect(dropped).toBe(2);
    } finally {
      await emulator.close();
    }
  });

  it("forgets the oldest replay past limits.replays: that Request-Id then counts as new", async () => {
    const emulator = await emulatorWith({ limits: { replays: 1 } });
    try {
      await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("R1"), requestId: "r-1" });
      await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("R2"), requestId: "r-2" });
      expect((await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("R2"), requestId: "r-2" })).status).toBe(409);
      expect(
        (await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("R1"), requestId: "r-1" })).json.error.code,
      ).toBe("duplicate_invoice_number");
    } finally {
      await emulator.close();
    }
  });

  it("a caller that goes away mid-body leaves nothing behind, and the emulator keeps serving", async () => {
    const emulator = await emulatorWith();
    try {
      const url = new URL(emulator.url);
      const status = await new Promise<number>((done) => {
        const req = request(
          { host: url.hostname, port: url.port, path: DGPC_PATH, method: "POST", headers: { "Content-Length": "10" } },
          (res) => done(res.statusCode ?? 0),
        );
        req.on("error", () => done(-1));
        req.write("{");
        req.destroy();
      });
      expect(status).toBe(-1);
      expect(emulator.codes().held).toBe(0);
      expect((await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("AFTER") })).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });
});

describe("options are checked at start", () => {
  const base: DokuEmulatorOptions = { clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }] };
  it.each([
    [{ clients: [] }, "express-doku: option `clients` must list at least one { clientId, secretKeys } entry"],
    [
      { clients: [{ clientId: "", secretKeys: ["k"] }] },
      "express-doku: option `clients[0].clientId` must be a non-empty string",
    ],
    [
      { clients: [{ clientId: "MCH", secretKeys: [undefined] }] },
      "express-doku: option `clients[0].secretKeys[0]` is undefined: is the variable it is read from (DOKU_SECRET_KEY?) set?",
    ],
    [
      { ...base, inquiryUrl: "ftp://x/y" },
      'express-doku: option `inquiryUrl` must be an http(s) URL such as http://127.0.0.1:3000/doku/notify; got "ftp://x/y"',
    ],
    [
      { ...base, notificationUrl: "nope" },
      'express-doku: option `notificationUrl` must be an http(s) URL such as http://127.0.0.1:3000/doku/notify; got "nope"',
    ],
    [{ ...base, codePrefix: "88a" }, "express-doku: option `codePrefix` must be up to 12 digits"],
    [{ ...base, codeLength: 21 }, "express-doku: option `codeLength` must be a whole number from 8 to 20; got 21"],
    [
      { ...base, retrySchedule: [100, 50] },
      "express-doku: option `retrySchedule` must be at most 10 increasing delays in ms after the first attempt, e.g. [1800000, 21600000, 43200000]",
    ],
    [{ ...base, port: 70_000 }, "express-doku: option `port` must be a whole number from 0 to 65535; got 70000"],
    [
      { ...base, limits: { codes: 0 } },
      "express-doku: option `limits.codes` must be a whole number from 1 to 1000000; got 0",
    ],
    [
      { ...base, answers: { nothing: { status: 400, code: "x", message: "y" } } },
      /^express-doku: option `answers\.nothing` is not a case it knows; use one of invalid_body, /,
    ],
    [
      { ...base, answers: { body_too_large: { status: 200, code: "x", message: "y" } } },
      "express-doku: option `answers.body_too_large` must be { status: 400-599, code: string, message: string }",
    ],
  ])("%j", async (options, message) => {
    await expect(startDokuEmulator(options as DokuEmulatorOptions)).rejects.toThrow(message);
    await expect(startDokuEmulator(options as DokuEmulatorOptions)).rejects.toBeInstanceOf(TypeError);
  });

  it("a taken port is the listen error, with its code", async () => {
    const first = await emulatorWith();
    try {
      const port = Number(new URL(first.url).port);
      await expect(emulatorWith({ port })).rejects.toMatchObject({ code: "EADDRINUSE" });
    } finally {
      await first.close();
    }
  });
});
