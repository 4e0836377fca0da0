import type { ServerResponse } from "node:http";

import express from "express";

import type { DokuEmulator, NotificationDelivery } from "../../src/emulator";
import { callDoku, DGPC_PATH, dgpcBody, emulatorWith } from "../support/doku-api";
import { listen, type Running } from "../support/http";

// How the emulator takes a merchant's answer, as DOKU does: a redirect is the answer (never
// followed), and an answer past 1 MiB is cut off there, never held whole.
let shop: Running;
let emulator: DokuEmulator;

afterEach(async () => {
  await emulator?.close();
  await shop?.close();
});

async function start(answer: (res: express.Response) => void): Promise<{ followed: string[] }> {
  const followed: string[] = [];
  const app = express();
  app.post(["/doku/inquiry", "/doku/notify"], (_req, res) => answer(res));
  app.use("/moved", (req, res) => {
    followed.push(req.originalUrl);
    res.status(200).json({});
  });
  shop = await listen(app);
  emulator = await emulatorWith({ inquiryUrl: `${shop.url}/doku/inquiry`, notificationUrl: `${shop.url}/doku/notify` });
  return { followed };
}

const MAX_WRITTEN = 64 * 1024 * 1024;

interface Written {
  bytes: number;
  /** Resolves when the answer ends: `true` when the client went away before its end. */
  cutOff?: Promise<boolean>;
}

/** Spaces, 64 KiB at a time, until the client goes away (or 64 MiB, to keep a failing run small). */
function endless(res: ServerResponse, written: Written): void {
  res.writeHead(200, { "Content-Type": "application/json" });
  const chunk = Buffer.alloc(64 * 1024, 32);
  written.cutOff ??= new Promise((done) => res.on("close", () => done(!res.writableFinished)));
  res.on("error", () => undefined);
  const more = () => {
    while (written.bytes < MAX_WRITTEN && !res.destroyed) {
      written.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", more);
    }
    res.end();
  };
  more();
}

it("does not follow a merchant's redirect: the inquiry and the notification show the 3xx", async () => {
  const { followed } = await start((res) => res.redirect(307, "/moved/here"));
  const asked = await emulator.pay({ payment_code: "8896500000000001" });
  expect(asked).toMatchObject({ paid: false, refusal: "merchant_error", inquiry: { httpStatus: 307 } });

  const code = (await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("INV-MOVED") })).json.online_to_offline_info
    .payment_code as string;
  const paid = await emulator.pay({ payment_code: code });
  expect(paid.notification as NotificationDelivery).toMatchObject({ state: "retrying", attempts: [{ status: 307 }] });
  expect(followed).toEqual([]);
});

it("cuts an endless answer off at 1 MiB: a failure that says so, the rest never read", async () => {
  const written: Written = { bytes: 0 };
  await start((res) => endless(res, written));
  const asked = await emulator.pay({ payment_code: "8896500000000001" });
  expect(asked).toMatchObject({
    paid: false,
    refusal: "merchant_error",
    inquiry: { httpStatus: undefined, problems: ["answer over 1 MiB: cut off there"] },
  });
  expect(emulator.calls().calls.at(-1)).toMatchObject({ kind: "inquiry", error: "answer over 1 MiB: cut off there" });
  expect(await written.cutOff).toBe(true);
  expect(written.bytes).toBeLessThan(MAX_WRITTEN);

  const code = (await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("INV-ENDLESS") })).json
    .online_to_offline_info.payment_code as string;
  const paid = await emulator.pay({ payment_code: code });
  expect(paid.notification as NotificationDelivery).toMatchObject({
    state: "retrying",
    attempts: [{ error: "too_large: answer over 1 MiB" }],
  });
});

it("says an answer that broke off after its headers began, and that DOKU takes it as none", async () => {
  await start((res) => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "400" });
    res.write('{"online_to_offline_inquiry_response"');
    setImmediate(() => res.socket?.destroy());
  });
  const asked = await emulator.pay({ payment_code: "8896500000000001" });
  expect(asked).toMatchObject({ paid: false, refusal: "merchant_error" });
  expect(asked.inquiry?.problems).toEqual([
    expect.stringMatching(
      /^the answer began \(HTTP 200\) but broke off before its end \(.+\): DOKU takes it as no answer$/,
    ),
  ]);

  const code = (await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("INV-BROKE-OFF") })).json
    .online_to_offline_info.payment_code as string;
  const paid = await emulator.pay({ payment_code: code });
  expect(paid.notification as NotificationDelivery).toMatchObject({
    state: "retrying",
    attempts: [{ error: expect.stringMatching(/^the answer began \(HTTP 200\) but broke off before its end/) }],
  });
});
