import express from "express";

import { createInquiryRouter, createNotificationRouter } from "../../src";
import { dokuInquiry, dokuNotification, verifyDokuResponse } from "../../src/testing";

// The README's "Testing your integration" example, as a merchant would write it.
const clients = [{ clientId: "MCH-TEST", secretKeys: ["SK-TEST"] }];
const paid: string[] = [];
const app = express();
app.use(
  createInquiryRouter({
    path: "/doku/inquiry",
    clients,
    lookupPaymentCode: (code) =>
      code === "8896512345678123"
        ? { status: "success", order: { invoice_number: "INV-1", amount: 150000 }, customer: { name: "Ani" } }
        : { status: "billing_not_found" },
  }),
);
app.use(
  createNotificationRouter({
    path: "/doku/notify",
    clients,
    onPayment: (n) => {
      paid.push(n.order.invoice_number);
    },
  }),
);

it("answers a known code", async () => {
  const res = await dokuInquiry(app, {
    path: "/doku/inquiry",
    clientId: "MCH-TEST",
    secretKey: "SK-TEST",
    paymentCode: "8896512345678123",
  }).expect(200);
  expect(
    verifyDokuResponse({
      headers: res.headers,
      body: res.text,
      clientId: "MCH-TEST",
      secretKey: "SK-TEST",
      requestTarget: "/doku/inquiry",
    }),
  ).toEqual({ valid: true });
});

it("answers an unknown code with 404, and takes a notification", async () => {
  await dokuInquiry(app, {
    path: "/doku/inquiry",
    clientId: "MCH-TEST",
    secretKey: "SK-TEST",
    paymentCode: "1",
  }).expect(404);
  await dokuNotification(app, {
    path: "/doku/notify",
    clientId: "MCH-TEST",
    secretKey: "SK-TEST",
    invoiceNumber: "INV-1",
    amount: 150000,
  }).expect(200);
  expect(paid).toEqual(["INV-1"]);
});

it("tells what is wrong with a bad answer", () => {
  const body = '{"online_to_offline_inquiry":{"status":"billing_not_found"}}';
  const headers = {
    "Client-Id": "MCH-TEST",
    "Request-Id": "r",
    "Response-Timestamp": "2024-01-01T00:00:00Z",
    Signature: "HMACSHA256=" + "A".repeat(43) + "=",
    "Content-Type": "application/json",
  };
  const check = verifyDokuResponse({
    headers,
    body,
    clientId: "MCH-TEST",
    secretKey: "SK-TEST",
    requestTarget: "/doku/inquiry",
  });
  expect(check).toMatchObject({ valid: false, reason: "bad_signature" });
  expect(
    verifyDokuResponse({
      headers: { ...headers, "Client-Id": "X" },
      body,
      clientId: "MCH-TEST",
      secretKey: "SK-TEST",
      requestTarget: "/",
    }),
  ).toMatchObject({ reason: "client_id_mismatch" });
  expect(
    verifyDokuResponse({
      headers,
      body,
      clientId: "MCH-TEST",
      secretKey: "SK-TEST",
      requestTarget: "/",
      requestId: "other",
    }),
  ).toMatchObject({ reason: "request_id_mismatch" });
  expect(
    verifyDokuResponse({
      headers: { ...headers, "Content-Type": "text/html" },
      body,
      clientId: "MCH-TEST",
      secretKey: "SK-TEST",
      requestTarget: "/",
    }),
  ).toMatchObject({ reason: "wrong_content_type" });
  expect(
    verifyDokuResponse({
      headers: { ...headers, Signature: undefined },
      body,
      clientId: "MCH-TEST",
      secretKey: "SK-TEST",
      requestTarget: "/",
    }),
  ).toMatchObject({ reason: "missing_header" });
  expect(
    verifyDokuResponse({ headers, body: "<html>", clientId: "MCH-TEST", secretKey: "SK-TEST", requestTarget: "/" })
      .valid,
  ).toBe(false);
});
