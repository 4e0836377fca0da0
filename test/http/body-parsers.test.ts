import bodyParser from "body-parser";
import express, { type RequestHandler } from "express";
import request from "supertest";

import { buildInquiryBody, buildNotificationBody, verifyDokuResponse } from "../../src/testing";
import { inquirySetup, notificationSetup, signerFor } from "../support/routers";
import { CLIENT_ID, SECRET } from "../support/vectors";

// Body parsers mounted before the routers, as Express apps mount them: the bytes a parser kept
// are used exactly as received; a parser that kept none is named at once.
const INQUIRY = "/doku/inquiry";
const NOTIFY = "/doku/notify";
const keep: (req: unknown, res: unknown, buf: Buffer) => void = (req, _res, buf) => {
  (req as { rawBody?: Buffer }).rawBody = buf;
};

// Pretty-printed, non-ASCII and with a trailing newline: bytes no re-serialisation gives back.
const inquiryBytes = `${JSON.stringify(buildInquiryBody({ paymentCode: "9896512345678123", overrides: { note: "Kasir Budi · ü" } }), null, 2)}\n`;
const SUCCESS = {
  status: "success",
  order: { invoice_number: "INV-1", amount: 15000 },
  customer: { name: "Budi" },
} as const;

const parsers: Array<[string, RequestHandler]> = [
  ['express.raw({ type: "*/*" })', express.raw({ type: "*/*" })],
  ['express.raw({ type: "application/json" })', express.raw({ type: "application/json" })],
  ["express.json({ verify })", express.json({ verify: keep })],
  ['express.text({ type: "*/*", verify })', express.text({ type: "*/*", verify: keep })],
  ['bodyParser.raw({ type: "*/*" })', bodyParser.raw({ type: "*/*" })],
  ["bodyParser.json({ verify })", bodyParser.json({ verify: keep })],
  ['bodyParser.text({ type: "*/*", verify })', bodyParser.text({ type: "*/*", verify: keep })],
];

describe.each(parsers)("mounted after %s", (_name, parser) => {
  it("answers an inquiry over the bytes as received, signed", async () => {
    const { router, calls, log } = inquirySetup(INQUIRY, () => SUCCESS);
    const app = express().use(parser).use(router);
    const s = signerFor(INQUIRY)(inquiryBytes);
    const res = await request(app).post(INQUIRY).set(s.headers).send(inquiryBytes).expect(200);
    expect(calls).toEqual(["9896512345678123"]);
    expect(log.last()).toMatchObject({ reason: "resolved", statusCode: 200 });
    expect(
      verifyDokuResponse({
        headers: res.headers,
        body: res.text,
        clientId: CLIENT_ID,
        secretKey: SECRET,
        requestTarget: INQUIRY,
      }).valid,
    ).toBe(true);
  });

  it("handles a notification once", async () => {
    const { router, calls } = notificationSetup(NOTIFY);
    const app = express().use(parser).use(router);
    const body = `${JSON.stringify(buildNotificationBody({ paymentCode: "777", agentTrxId: "TRX-1" }), null, 1)}\n`;
    const sign = signerFor(NOTIFY);
    const first = sign(body, { requestId: "one" });
    await request(app).post(NOTIFY).set(first.headers).send(body).expect(200);
    const again = sign(body, { requestId: "one" });
    await request(app).post(NOTIFY).set(again.headers).send(body).expect(200);
    expect(calls).toHaveLength(1);
  });

  it("refuses a body changed after it was signed", async () => {
    const { router, calls, log } = inquirySetup(INQUIRY, () => SUCCESS);
    const app = express().use(parser).use(router);
    const s = signerFor(INQUIRY)(inquiryBytes);
    await request(app).post(INQUIRY).set(s.headers).send(inquiryBytes.replace("Budi", "Bodi")).expect(401);
    expect(calls).toEqual([]);
    expect(log.last().reason).toBe("bad_signature");
  });
});

describe.each<[string, RequestHandler]>([
  ["express.json()", express.json()],
  ['express.text({ type: "*/*" })', express.text({ type: "*/*" })],
  ["bodyParser.json()", bodyParser.json()],
  ["bodyParser.urlencoded()", bodyParser.urlencoded({ extended: false, type: "*/*" })],
])("mounted after %s, which kept no bytes", (_name, parser) => {
  it("answers 500 at once with the fix named, and never calls the resolver", async () => {
    const { router, calls, log } = inquirySetup(INQUIRY, () => SUCCESS);
    const app = express().use(parser).use(router);
    const s = signerFor(INQUIRY)(inquiryBytes);
    const res = await request(app).post(INQUIRY).set(s.headers).send(inquiryBytes);
    expect(res.status).toBe(500);
    expect(res.headers["signature"]).toBeUndefined();
    expect(calls).toEqual([]);
    expect(log.last()).toMatchObject({ reason: "body_already_consumed", level: "error", statusCode: 500 });
    expect(log.last().detail).toContain('express.raw({ type: "*/*" })');
    expect(log.last().detail).toContain("express.json({ verify: (req, _res, buf) => { req.rawBody = buf } })");
  });
});

it("a body a parser read is still held to the router's limit", async () => {
  const { router, calls, log } = inquirySetup(INQUIRY, () => SUCCESS, { limit: 100 });
  const app = express()
    .use(express.raw({ type: "*/*" }))
    .use(router);
  const s = signerFor(INQUIRY)(inquiryBytes);
  await request(app).post(INQUIRY).set(s.headers).send(inquiryBytes).expect(413);
  expect(calls).toEqual([]);
  expect(log.last().reason).toBe("body_too_large");
});

it("a parser that skipped the request (another Content-Type) leaves the body for the router to read", async () => {
  const { router, calls } = inquirySetup(INQUIRY, () => SUCCESS);
  const app = express()
    .use(express.raw({ type: "application/octet-stream" }))
    .use(router);
  const s = signerFor(INQUIRY)(inquiryBytes);
  await request(app).post(INQUIRY).set(s.headers).send(inquiryBytes).expect(200);
  expect(calls).toHaveLength(1);
});
