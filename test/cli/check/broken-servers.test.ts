import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { CHECKS } from "../../../src/cli/check/check-catalog";
import { MAX_REQUESTS } from "../../../src/cli/check/doku-caller";
import { argsFor, checksOf, idsWith, runCheckCli } from "./check-cli";
import { type Flaws, type HandWrittenMerchant, HW_SECRET, startHandWrittenMerchant } from "./hand-written-merchant";

// Merchants written without the package's routers, as a PHP or Go shop would: correct, then with
// one flaw each. The check names the flaw, says what DOKU would do and how to fix it, and exits 1.
let shop: HandWrittenMerchant | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

it("passes every check against a correct merchant, with a few dozen requests to its two URLs only", async () => {
  shop = await startHandWrittenMerchant();
  const run = await runCheckCli([...argsFor(shop), "--json"], HW_SECRET);
  expect(idsWith(run, "failed")).toEqual([]);
  expect(run.code).toBe(0);
  expect(idsWith(run, "skipped")).toEqual(["inquiry-url-tls", "notify-url-tls"]);
  expect(idsWith(run, "to confirm")).toEqual(["notify-runs-once"]);
  expect(shop.received.length).toBeLessThanOrEqual(MAX_REQUESTS);
  expect(new Set(shop.received)).toEqual(new Set(["/doku/inquiry", "/doku/notify"]));
  // Four SUCCESS calls for one payment: recorded once by a merchant that keys its notifications.
  expect(shop.paidCount()).toBe(1);
  expect(JSON.parse(run.out)).toMatchObject({ ok: true, requests: shop.received.length });
});

const FLAWS: [string, Flaws, string[], string[]][] = [
  ["a wrong HTTP code for billing_not_found", { notFoundStatus: 400 }, ["inquiry-unknown"], []],
  ["an unsigned answer", { unsigned: true }, ["inquiry-answers-signed"], []],
  ["an answer signed over other bytes than those sent", { signsOtherBytes: true }, ["inquiry-answers-signed"], []],
  [
    "a verifier that re-serialises the body",
    { reserialisingVerifier: true },
    // A 20-digit integer re-serialised is rounded before the digest: refused as well.
    ["inquiry-20-digit-code", "inquiry-verifies-exact-bytes", "notify-verifies-exact-bytes"],
    [],
  ],
  ["no replay memory", { noReplayMemory: true }, ["inquiry-replay-other-body"], []],
  [
    "a 500 on a duplicate notification",
    { duplicateNotification500: true },
    // The retry under a new Request-Id is the same payment: a duplicate too.
    ["notify-duplicate", "notify-retry"],
    [],
  ],
  ["a slow resolver", { slowMs: 150 }, ["answer-time"], ["--budget-ms", "20"]],
  ["a rounded 20-digit code", { roundsCode: true }, ["inquiry-20-digit-code"], []],
  ["an order paid on a FAILED notification", { paysOnFailed: true }, ["notify-failed-not-paid"], []],
];

it.each(FLAWS)("%s: reported by name, with what DOKU does and the fix; exit 1", async (_, flaws, names, extra) => {
  shop = await startHandWrittenMerchant(flaws);
  const run = await runCheckCli([...argsFor(shop, ...extra), "--json"], HW_SECRET);
  expect(run.code).toBe(1);
  expect(idsWith(run, "failed")).toEqual(names);
  for (const check of checksOf(run).filter((c) => c.status === "failed")) {
    const id = check.id as keyof typeof CHECKS;
    expect(check).toMatchObject({ doku: CHECKS[id].doku, fix: CHECKS[id].fix });
    expect(check.details.length).toBeGreaterThan(0);
  }
  expect(run.out).not.toContain(HW_SECRET);
});

it("an order paid on a FAILED notification, as the merchant's own order status URL says", async () => {
  shop = await startHandWrittenMerchant({ paysOnFailed: true });
  const run = await runCheckCli(
    [...argsFor(shop, "--order-status-url", `${shop.url}/orders/{invoice}`), "--json"],
    HW_SECRET,
  );
  expect(checksOf(run).find((c) => c.id === "notify-failed-not-paid")?.details).toEqual(
    expect.arrayContaining([`${shop.url}/orders/INV-HW-0001 says the order is paid`]),
  );
  expect(shop.received).toContain("/orders/INV-HW-0001");
});

it("a redirect: reported by name, and every answer behind it fails; exit 1", async () => {
  shop = await startHandWrittenMerchant({ redirects: true });
  const run = await runCheckCli([...argsFor(shop), "--json"], HW_SECRET);
  expect(run.code).toBe(1);
  const redirect = checksOf(run).find((c) => c.id === "inquiry-url-no-redirect");
  expect(redirect).toMatchObject({
    status: "failed",
    details: [expect.stringContaining("HTTP 301 to Location /v2/doku/inquiry")],
  });
  expect(idsWith(run, "failed")).toContain("inquiry-payable");
  // Never followed: nothing reached the path redirected to.
  expect(shop.received).not.toContain("/v2/doku/inquiry");
  // No order came from the inquiry: the notifications were not sent.
  expect(checksOf(run).find((c) => c.id === "notify-paid")?.status).toBe("skipped");
});

it("prints a failure for a person: the check's name, what was seen, what DOKU does, the fix", async () => {
  shop = await startHandWrittenMerchant({ notFoundStatus: 400 });
  const run = await runCheckCli(argsFor(shop), HW_SECRET);
  expect(run.code).toBe(1);
  const lines = run.out.split("\n");
  const at = lines.findIndex((l) => l.startsWith("✗ inquiry-unknown"));
  expect(lines.slice(at, at + 4)).toEqual([
    expect.stringContaining(CHECKS["inquiry-unknown"].title),
    expect.stringMatching(
      /^ {6}the unknown code \d{16}: HTTP 400 does not go with status billing_not_found \(DOKU expects 404\)$/,
    ),
    `      DOKU: ${CHECKS["inquiry-unknown"].doku}`,
    `      fix: ${CHECKS["inquiry-unknown"].fix}`,
  ]);
  expect(run.out).toContain("DOKU would send these endpoints back");
  expect(run.out).not.toContain(HW_SECRET);
});

it("never prints the secret key: not in the text, the JSON, the report, nor on stderr", async () => {
  shop = await startHandWrittenMerchant({ unsigned: true });
  const dir = mkdtempSync(join(tmpdir(), "express-doku-check-"));
  try {
    const report = join(dir, "report.md");
    const text = await runCheckCli([...argsFor(shop), "--report", report], HW_SECRET);
    const json = await runCheckCli([...argsFor(shop), "--json", "--secret-key", HW_SECRET], "");
    for (const written of [text.out, text.err, json.out, json.err, readFileSync(report, "utf8")]) {
      expect(written).not.toContain(HW_SECRET);
    }
    expect(json.err).toContain("--secret-key lands in your shell history");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it("spaces its requests by --spacing-ms", async () => {
  shop = await startHandWrittenMerchant();
  const times: number[] = [];
  const received = shop.received;
  const push = received.push.bind(received);
  received.push = (...paths: string[]) => {
    times.push(Date.now());
    return push(...paths);
  };
  await runCheckCli(argsFor(shop, "--spacing-ms", "40"), HW_SECRET);
  const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
  // A lower bound, never a speed: each request waited for the one before and the pause.
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(39);
});
