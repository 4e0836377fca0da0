"use strict";
// What every bench process agrees on: the client, the paths, and how DOKU's requests look.
const { randomUUID } = require("node:crypto");
const { signDokuRequest, buildInquiryBody, buildNotificationBody } = require("express-doku/testing");

const CLIENT_ID = "MCH-0001-BENCH";
const SECRET = "SK-BENCH-FAKE-0000000000000000";
const INQUIRY_PATH = "/doku/inquiry";
const NOTIFY_PATH = "/doku/notify";
const PAYMENT_CODE = "8896512345678123";

// The inquiry body is the same for every request, as at a till; headers are fresh each time.
const INQUIRY_BODY = JSON.stringify(buildInquiryBody({ paymentCode: PAYMENT_CODE, date: "2024-01-01T00:00:00Z" }));

function signedInquiry() {
  return signDokuRequest({
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: INQUIRY_PATH,
    body: INQUIRY_BODY,
    requestId: randomUUID(),
  });
}

// Every notification is another payment (its own AGENT_TRX_ID), so none is a duplicate.
function signedNotification() {
  const body = buildNotificationBody({ invoiceNumber: "INV-BENCH", paymentCode: PAYMENT_CODE, agentTrxId: randomUUID() });
  return signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: NOTIFY_PATH, body, requestId: randomUUID() });
}

module.exports = { CLIENT_ID, SECRET, INQUIRY_PATH, NOTIFY_PATH, PAYMENT_CODE, INQUIRY_BODY, signedInquiry, signedNotification };
