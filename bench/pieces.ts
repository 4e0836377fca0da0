// Where an inquiry's and a notification's CPU goes inside the package, piece by piece, each
// timed alone with tinybench (µs per call): the figures the load benchmark cannot separate on a
// noisy machine. `npx ts-node --transpile-only bench/pieces.ts`; prints JSON. Lab tool, from src/.
import { signedJsonAnswer } from "../src/http/answer";
import { readSignedHeaders } from "../src/http/signed-headers";
import { LazyAbort } from "../src/pipeline/lazy-abort";
import { runWithDeadline } from "../src/pipeline/run-with-deadline";
import { duplicateKeyIn } from "../src/protocol/duplicate-key";
import { inquiryAnswerBody } from "../src/protocol/inquiry-answer";
import { inquiryRequestSchema } from "../src/protocol/inquiry-request";
import { paymentNotificationSchema } from "../src/protocol/notification";
import { notificationContentKey } from "../src/protocol/notification-key";
import { parseDokuBody } from "../src/protocol/parse-doku-body";
import { resolverResultSchema } from "../src/protocol/resolver-result";
import { createKeyring, verifySignature } from "../src/signature";
import { claimOrWait } from "../src/stores/claim-or-wait";
import { ClaimScope } from "../src/stores/claim-scope";
import { keepLease } from "../src/stores/lease-keeper";
import { MemoryStore, MIB } from "../src/stores/memory/memory-store";
import { buildInquiryBody, buildNotificationBody, signDokuRequest } from "../src/testing";

const CLIENT_ID = "MCH-0001-BENCH";
const SECRET = "SK-BENCH-FAKE-0000000000000000";
const keyring = createKeyring([{ clientId: CLIENT_ID, secretKeys: [SECRET] }]);
const key = keyring.get(CLIENT_ID)![0]!;
const inquiryBody = Buffer.from(
  JSON.stringify(buildInquiryBody({ paymentCode: "8896512345678123", date: "2024-01-01T00:00:00Z" })),
);
const notificationBody = Buffer.from(
  JSON.stringify(
    buildNotificationBody({ invoiceNumber: "INV-BENCH", paymentCode: "8896512345678123", agentTrxId: "a1" }),
  ),
);
const signed = signDokuRequest({
  clientId: CLIENT_ID,
  secretKey: SECRET,
  requestTarget: "/doku/inquiry",
  body: inquiryBody.toString(),
  requestId: "r-1",
});
const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
const now = Date.now();
const resolved = {
  status: "success",
  order: { invoice_number: "INV-BENCH-0001", amount: 150000 },
  customer: { name: "Budi Santoso", email: "budi@example.com" },
  info: "Toko Demo",
};
const validResolved = resolverResultSchema.parse(resolved);
const signing = { clientId: CLIENT_ID, requestId: "r-1", requestTarget: "/doku/inquiry", key, nowMs: now };
const answer = signedJsonAnswer(
  200,
  inquiryAnswerBody(validResolved, "8896512345678123", { emitInfo1: false }),
  signing,
);
const inquiryStore = new MemoryStore({ maxEntries: 6_000, maxBytes: 4 * MIB });
const notificationStore = new MemoryStore({ maxEntries: 100_000, maxBytes: 16 * MIB });
const digest = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";
const done = { statusCode: 200, headers: { "Content-Type": "application/json" }, body: Buffer.from('{"status":"OK"}') };
const parsedNotification = parseDokuBody(notificationBody, paymentNotificationSchema);
if (!parsedNotification.ok) throw new Error(parsedNotification.detail);
const notification = parsedNotification.value;
let n = 0;

async function main() {
  // tinybench is ESM only: imported, not required.
  const { Bench } = await import("tinybench");

  const bench = new Bench({ time: 1500, warmupTime: 300 });
  bench
    .add("read signed headers + verify (SHA-256 + HMAC)", () => {
      verifySignature({
        headers: readSignedHeaders(headers),
        body: inquiryBody,
        requestTarget: "/doku/inquiry",
        keyring,
        toleranceSec: false,
        nowMs: now,
      });
    })
    .add("parse inquiry body (UTF-8, JSON, duplicate keys, code, schema)", () =>
      parseDokuBody(inquiryBody, inquiryRequestSchema),
    )
    .add("  duplicate-key scan of the inquiry", () => duplicateKeyIn(inquiryBody.toString()))
    .add("  JSON.parse of the inquiry", () => JSON.parse(inquiryBody.toString()))
    .add("resolver result schema", () => resolverResultSchema.safeParse(resolved))
    .add("answer body + JSON + SHA-256 + HMAC", () =>
      signedJsonAnswer(200, inquiryAnswerBody(validResolved, "8896512345678123", { emitInfo1: false }), signing),
    )
    .add("runWithDeadline of an async function", async () => {
      await runWithDeadline(async () => resolved, 5_000, new LazyAbort());
    })
    .add("inquiry store: claimOrWait + complete", async () => {
      const k = `inquiry:${CLIENT_ID}:req-${n++}`;
      const c = await claimOrWait({ store: inquiryStore, key: k, fingerprint: digest, leaseMs: 15_000, waitMs: 6_000 });
      if (c.state === "claimed") await inquiryStore.complete(k, c.token, digest, answer, 600_000);
    })
    .add("parse notification body", () => parseDokuBody(notificationBody, paymentNotificationSchema))
    .add("notification content key", () => notificationContentKey(CLIENT_ID, notification))
    .add("notification store: scope, 2 claims, lease, 2 completes, close", async () => {
      const i = n++;
      const scope = new ClaimScope(notificationStore, 900_000, 30_000);
      const rk = `notification:request:${CLIENT_ID}:req-${i}`;
      const pk = `notification:payment:${CLIENT_ID}:ALFA:INV-${i}:8896512345678123:a${i}`;
      await scope.claim(rk, digest);
      const p = await scope.claim(pk, "k");
      const lease = keepLease(notificationStore, pk, p.state === "claimed" ? p.token : "", 900_000, () => {});
      lease.stop();
      if (await scope.complete(pk, "k", done, 604_800_000)) await scope.complete(rk, digest, done, 604_800_000);
      await scope.close();
    });

  await bench.run();
  const rows = Object.fromEntries(
    bench.tasks.map((t) => [t.name, "latency" in t.result! ? Number((t.result.latency.mean * 1000).toFixed(2)) : NaN]),
  );
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
}

void main();
