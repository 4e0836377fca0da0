// Micro-benchmark of the API client: sign a call and verify DOKU's signed answer, µs per call,
// with the signature layer's functions the client calls; and a whole client call (checks,
// serialising, signing, fetch, parsing, verifying) against an in-memory fetch. Prints JSON.
import { createDokuClient } from "express-doku";
import {
  createRequestSigner,
  digestBody,
  formatTimestamp,
  signComponents,
  toKeyObject,
  verifyAnswer,
} from "express-doku/signature";
import { Bench } from "tinybench";

const CLIENT_ID = "MCH-BENCH-CLIENT";
const SECRET = "SK-BENCH-CLIENT";
const PATH = "/alfa-online-to-offline/v2/payment-code";
const body = {
  order: { invoice_number: "INV-BENCH-0001", amount: 150000 },
  online_to_offline_info: { expired_time: 60, reusable_status: false, info: "Toko Demo" },
  customer: { name: "Budi Santoso", email: "budi@example.com" },
};
const bytes = Buffer.from(JSON.stringify(body));
const answer = Buffer.from(
  '{"order":{"invoice_number":"INV-BENCH-0001"},"online_to_offline_info":{"payment_code":"8899123456789012","how_to_pay_page":"https://sandbox.doku.com/how-to-pay/v2/alfa-online-to-offline/8899123456789012","how_to_pay_api":"https://api-sandbox.doku.com/alfa-online-to-offline/v2/how-to-pay-api/8899123456789012","created_date":"20261201115005","expired_date":"20261201125005","created_date_utc":"2026-12-01T04:50:05Z","expired_date_utc":"2026-12-01T05:50:05Z"}}',
);
const key = toKeyObject(SECRET);
const now = Date.now();
const timestamp = formatTimestamp(now);
const answerSignature = signComponents(
  {
    clientId: CLIENT_ID,
    requestId: "bench-1",
    timestamp,
    timestampHeader: "Response-Timestamp",
    requestTarget: PATH,
    digest: digestBody(answer),
  },
  key,
);

const headers = {
  "Client-Id": CLIENT_ID,
  "Request-Id": "bench-1",
  "Response-Timestamp": timestamp,
  Signature: answerSignature,
  "Content-Type": "application/json",
};
const answerHeaders = new Headers(headers);

// What one client call with one attempt does: prepare (bytes, digest), sign, verify the answer.
function signAndVerify() {
  const signed = createRequestSigner({
    clientId: CLIENT_ID,
    secretKey: key,
    requestTarget: PATH,
    body: bytes,
    requestId: "bench-1",
  })(now);
  const v = verifyAnswer({
    headers: answerHeaders,
    body: answer,
    clientId: CLIENT_ID,
    secretKey: key,
    requestTarget: PATH,
    requestId: "bench-1",
    method: "POST",
    checkContentType: false,
  });
  if (!v.valid || signed.headers.Signature.length !== 55) throw new Error("mismatch");
}

const client = createDokuClient({
  clientId: CLIENT_ID,
  secretKey: SECRET,
  baseUrl: "http://127.0.0.1:9",
  verifyResponses: "enforce",
  fetch: async () => new Response(answer, { status: 200, headers }),
});

const bench = new Bench({ time: 3000, warmupTime: 500 });
bench.add("sign a call + verify its answer", signAndVerify);
bench.add("whole client call, in-memory fetch", () => client.createPaymentCode(body, { requestId: "bench-1" }));
await bench.run();
const result = Object.fromEntries(
  bench.tasks.map((t) => [t.name, { usPerOp: t.result.latency.mean * 1000, p99Us: t.result.latency.p99 * 1000 }]),
);
process.stdout.write(`${JSON.stringify(result)}\n`);
