"use strict";
// What every bench process agrees on: the clients, the paths, and how each sender's requests look.
const { createHmac, randomUUID } = require("node:crypto");
const { signDokuRequest, buildInquiryBody, buildNotificationBody } = require("express-doku/testing");

const CLIENT_ID = "MCH-0001-BENCH";
const SECRET = "SK-BENCH-FAKE-0000000000000000";
const INQUIRY_PATH = "/doku/inquiry";
const NOTIFY_PATH = "/doku/notify";
const OCTOKIT_PATH = "/github/webhooks";
const STRIPE_PATH = "/stripe/webhooks";
const OCTOKIT_SECRET = "octokit-bench-secret";
const STRIPE_SECRET = "whsec_bench_fake_0000000000000000";
const PAYMENT_CODE = "8896512345678123";
// The inbox cases' tables: the inbox's own, and the one row onPayment writes per payment.
const BENCH_TABLES = { inbox: "doku_bench_inbox", paid: "doku_bench_paid" };

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
  const body = buildNotificationBody({
    invoiceNumber: "INV-BENCH",
    paymentCode: PAYMENT_CODE,
    agentTrxId: randomUUID(),
  });
  return signDokuRequest({
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: NOTIFY_PATH,
    body,
    requestId: randomUUID(),
  });
}

// A GitHub `ping` as the octokit middleware receives it: X-Hub-Signature-256 over the body.
function signedOctokitPing() {
  const id = randomUUID();
  const body = JSON.stringify({
    zen: "Keep it logically awesome.",
    hook_id: 123456789,
    hook: {
      type: "Repository",
      id: 123456789,
      name: "web",
      active: true,
      events: ["push"],
      config: { content_type: "json", url: `https://merchant.example/${id}` },
    },
  });
  const signature = `sha256=${createHmac("sha256", OCTOKIT_SECRET).update(body).digest("hex")}`;
  return {
    headers: {
      "content-type": "application/json",
      "x-github-event": "ping",
      "x-github-delivery": id,
      "x-hub-signature-256": signature,
    },
    body,
  };
}

// A Stripe event as `constructEvent` checks it: `t=<seconds>,v1=<HMAC of "t.body">`.
function signedStripeEvent() {
  const body = JSON.stringify({
    id: `evt_${randomUUID().replaceAll("-", "")}`,
    object: "event",
    type: "payment_intent.succeeded",
    data: {
      object: { id: "pi_bench", object: "payment_intent", amount: 150000, currency: "idr", status: "succeeded" },
    },
  });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", STRIPE_SECRET).update(`${t}.${body}`).digest("hex");
  return { headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${v1}` }, body };
}

const SIGNERS = {
  inquiry: signedInquiry,
  notification: signedNotification,
  octokit: signedOctokitPing,
  stripe: signedStripeEvent,
};

// Each bench server (bench/server.js) with the path it is loaded on and the SIGNERS entry that signs its requests.
const ROUTES = {
  baseline: { path: INQUIRY_PATH, kind: "inquiry" },
  "baseline-etag": { path: INQUIRY_PATH, kind: "inquiry" },
  "by-hand": { path: INQUIRY_PATH, kind: "inquiry" },
  octokit: { path: OCTOKIT_PATH, kind: "octokit" },
  "octokit-http": { path: OCTOKIT_PATH, kind: "octokit" },
  "octokit-fetch": { path: OCTOKIT_PATH, kind: "octokit" },
  stripe: { path: STRIPE_PATH, kind: "stripe" },
  inquiry: { path: INQUIRY_PATH, kind: "inquiry" },
  "inquiry-observed": { path: INQUIRY_PATH, kind: "inquiry" },
  notification: { path: NOTIFY_PATH, kind: "notification" },
  "baseline-http": { path: INQUIRY_PATH, kind: "inquiry" },
  "inquiry-http": { path: INQUIRY_PATH, kind: "inquiry" },
  "notification-http": { path: NOTIFY_PATH, kind: "notification" },
  "inquiry-fetch": { path: INQUIRY_PATH, kind: "inquiry" },
  "notification-fetch": { path: NOTIFY_PATH, kind: "notification" },
};

module.exports = {
  CLIENT_ID,
  SECRET,
  INQUIRY_PATH,
  NOTIFY_PATH,
  OCTOKIT_PATH,
  STRIPE_PATH,
  OCTOKIT_SECRET,
  STRIPE_SECRET,
  PAYMENT_CODE,
  BENCH_TABLES,
  INQUIRY_BODY,
  SIGNERS,
  ROUTES,
  signedInquiry,
  signedNotification,
};
