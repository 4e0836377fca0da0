// Micro-benchmark of the signature layer: verify one inquiry and sign its answer, µs per op.
// Prints JSON. Compared in the same run with the naive form (createHash/createHmac from strings).
import { createHash, createHmac } from "node:crypto";

import { createKeyring, digestBody, formatTimestamp, signComponents, verifySignature } from "express-doku/signature";
import { signDokuRequest } from "express-doku/testing";
import { Bench } from "tinybench";

import fixtures from "./fixtures.js";

const { CLIENT_ID, SECRET, INQUIRY_PATH, INQUIRY_BODY } = fixtures;
const keyring = createKeyring([{ clientId: CLIENT_ID, secretKeys: [SECRET] }]);
const key = keyring.get(CLIENT_ID)[0];
const now = Date.now();
const signed = signDokuRequest({
  clientId: CLIENT_ID,
  secretKey: SECRET,
  requestTarget: INQUIRY_PATH,
  body: INQUIRY_BODY,
  requestId: "bench-1",
  timestamp: now,
});
const body = signed.body;
const headers = {
  clientId: CLIENT_ID,
  requestId: "bench-1",
  timestamp: signed.headers["Request-Timestamp"],
  signature: signed.headers.Signature,
};
const answer = Buffer.from(
  '{"order":{"invoice_number":"INV-BENCH-0001","amount":150000},"online_to_offline_info":{"payment_code":"8896512345678123","info":"Toko Demo"},"online_to_offline_inquiry":{"status":"success"},"customer":{"name":"Budi Santoso","email":"budi@example.com"},"additional_info":{}}',
);

function packageVerifyAndSign() {
  const v = verifySignature({ headers, body, requestTarget: INQUIRY_PATH, keyring, toleranceSec: 300, nowMs: now });
  if (!v.valid) throw new Error(v.reason);
  return signComponents(
    {
      clientId: CLIENT_ID,
      requestId: "bench-1",
      timestamp: formatTimestamp(now),
      timestampHeader: "Response-Timestamp",
      requestTarget: INQUIRY_PATH,
      digest: digestBody(answer),
    },
    key,
  );
}

// What a hand-written integration usually does: streaming hash objects and a string key.
function naiveVerifyAndSign() {
  const digest = createHash("sha256").update(body).digest("base64");
  const component = `Client-Id:${CLIENT_ID}\nRequest-Id:bench-1\nRequest-Timestamp:${headers.timestamp}\nRequest-Target:${INQUIRY_PATH}\nDigest:${digest}`;
  const expected = "HMACSHA256=" + createHmac("sha256", SECRET).update(component).digest("base64");
  if (expected !== headers.signature) throw new Error("mismatch");
  const d2 = createHash("sha256").update(answer).digest("base64");
  return (
    "HMACSHA256=" +
    createHmac("sha256", SECRET)
      .update(
        `Client-Id:${CLIENT_ID}\nRequest-Id:bench-1\nResponse-Timestamp:${formatTimestamp(now)}\nRequest-Target:${INQUIRY_PATH}\nDigest:${d2}`,
      )
      .digest("base64")
  );
}

const bench = new Bench({ time: 3000, warmupTime: 500 });
bench.add("package verify + sign", packageVerifyAndSign).add("naive verify + sign", naiveVerifyAndSign);
await bench.run();
const result = Object.fromEntries(
  bench.tasks.map((t) => [t.name, { usPerOp: t.result.latency.mean * 1000, p99Us: t.result.latency.p99 * 1000 }]),
);
process.stdout.write(`${JSON.stringify(result)}\n`);
