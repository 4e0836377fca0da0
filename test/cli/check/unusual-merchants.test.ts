import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { argsFor, checksOf, idsWith, runCheckCli } from "./check-cli";
import { type HandWrittenMerchant, HW_CODES, HW_SECRET, startHandWrittenMerchant } from "./hand-written-merchant";

// Merchants that DOKU would take, or that fail in a way the report must still name: the check
// neither fails them for what DOKU does not ask, nor loses its report.
let shop: HandWrittenMerchant | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

const detailsOf = (run: Awaited<ReturnType<typeof runCheckCli>>, id: string) => checksOf(run).find((c) => c.id === id);

it("billing_not_found without the code echoed: the 20-digit check is to confirm, not failed", async () => {
  shop = await startHandWrittenMerchant({ notFoundWithoutEcho: true });
  const run = await runCheckCli([...argsFor(shop), "--json"], HW_SECRET);
  expect(idsWith(run, "failed")).toEqual([]);
  expect(run.code).toBe(0);
  expect(detailsOf(run, "inquiry-20-digit-code")).toMatchObject({
    status: "to confirm",
    details: [expect.stringMatching(/without online_to_offline_info\.payment_code.*--payable/)],
  });
});

it("billing_not_found without the echo, and a 20-digit --payable echoed exactly: the 20-digit check passes", async () => {
  shop = await startHandWrittenMerchant({ notFoundWithoutEcho: true });
  const args = argsFor(shop);
  args[args.indexOf("--payable") + 1] = HW_CODES.payable20;
  const run = await runCheckCli([...args, "--json"], HW_SECRET);
  expect(detailsOf(run, "inquiry-20-digit-code")).toMatchObject({
    status: "passed",
    details: [expect.stringContaining(`the payable code ${HW_CODES.payable20}: echoed exactly`)],
  });
});

it("Response-Timestamp ending +00:00 (PHP's date('c')): a note to confirm, not a signature failure", async () => {
  shop = await startHandWrittenMerchant({ offsetTimestamp: true });
  const run = await runCheckCli([...argsFor(shop), "--json"], HW_SECRET);
  expect(idsWith(run, "failed")).toEqual([]);
  const signed = detailsOf(run, "inquiry-answers-signed");
  expect(signed?.status).toBe("to confirm");
  // Said once, for every answer.
  expect(signed?.details).toEqual([
    expect.stringMatching(/and \d+ more answers: Response-Timestamp ends in \+00:00: .*DOKU's samples end in Z/),
  ]);
});

it("an answer over 1 MiB: cut off, a failed exchange, and the run goes on", async () => {
  shop = await startHandWrittenMerchant({ hugeAnswerBytes: 3 * 1024 * 1024 });
  const run = await runCheckCli([...argsFor(shop), "--json"], HW_SECRET);
  expect(run.code).toBe(1);
  expect(detailsOf(run, "inquiry-payable")).toMatchObject({
    status: "failed",
    details: [expect.stringContaining("answer over 1 MiB")],
  });
});

it("a merchant that dies on a forged inquiry: the rest fail, the run goes on, --json and --report written", async () => {
  shop = await startHandWrittenMerchant({ diesOnForged: true });
  const dir = mkdtempSync(join(tmpdir(), "express-doku-check-"));
  try {
    const report = join(dir, "report.md");
    const run = await runCheckCli([...argsFor(shop), "--json", "--report", report], HW_SECRET);
    expect(run.code).toBe(1);
    expect(detailsOf(run, "inquiry-unknown-client")).toMatchObject({
      status: "failed",
      details: [expect.stringContaining("the server stopped answering: ECONNREFUSED")],
    });
    expect(idsWith(run, "passed")).toContain("inquiry-payable");
    expect(readFileSync(report, "utf8")).toContain("inquiry-unknown-client");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it("notifications taken unverified: the refusals fail, and the FAILED one is not blamed", async () => {
  shop = await startHandWrittenMerchant({ notifyUnverified: true });
  const run = await runCheckCli([...argsFor(shop), "--json"], HW_SECRET);
  expect(idsWith(run, "failed")).toEqual(["notify-forged-signature", "notify-unknown-client", "notify-changed-body"]);
  expect(detailsOf(run, "notify-failed-not-paid")?.status).toBe("passed");
});

it("refusals with HTTP 403: worded as refused, not taken; a notification refused that way passes", async () => {
  shop = await startHandWrittenMerchant({ refusalStatus: 403 });
  const run = await runCheckCli([...argsFor(shop), "--json"], HW_SECRET);
  const forged = detailsOf(run, "inquiry-forged-signature");
  expect(forged).toMatchObject({ status: "failed", details: [expect.stringContaining("refused with HTTP 403")] });
  expect(forged?.details.join()).toContain("DOKU's refusal is 401");
  expect(forged?.details.join()).not.toContain("taken");
  expect(detailsOf(run, "notify-forged-signature")).toMatchObject({
    status: "passed",
    details: [expect.stringContaining("refused with HTTP 403")],
  });
  expect(idsWith(run, "failed")).toEqual([
    "inquiry-forged-signature",
    "inquiry-unknown-client",
    "inquiry-stale-timestamp",
    "inquiry-changed-body",
  ]);
});

it("a re-serialising verifier that refuses with 403: notify-verifies-exact-bytes fails", async () => {
  shop = await startHandWrittenMerchant({ refusalStatus: 403, reserialisingVerifier: true });
  const run = await runCheckCli([...argsFor(shop), "--json"], HW_SECRET);
  expect(detailsOf(run, "notify-verifies-exact-bytes")).toMatchObject({
    status: "failed",
    details: [expect.stringContaining("HTTP 403, as the forged notification got")],
  });
  expect(detailsOf(run, "inquiry-20-digit-code")?.details.join()).toContain("HTTP 403: an inquiry with the code");
});

it("an HTML page to every inquiry: the exact-bytes and replay checks fail too", async () => {
  shop = await startHandWrittenMerchant({ htmlPage: true });
  const run = await runCheckCli([...argsFor(shop), "--json"], HW_SECRET);
  expect(idsWith(run, "failed")).toEqual(
    expect.arrayContaining(["inquiry-verifies-exact-bytes", "inquiry-replay-same"]),
  );
  expect(detailsOf(run, "inquiry-replay-same")?.details.join()).toContain("none of DOKU's statuses");
});

it("a signed answer sent as text/html (PHP's default): a Content-Type problem, not a signature one", async () => {
  shop = await startHandWrittenMerchant({ answerContentType: "text/html; charset=UTF-8" });
  const run = await runCheckCli([...argsFor(shop), "--json"], HW_SECRET);
  const signed = detailsOf(run, "inquiry-answers-signed");
  expect(signed).toMatchObject({
    status: "failed",
    details: [expect.stringContaining("Content-Type is text/html; charset=UTF-8, not application/json")],
  });
  expect(signed?.details.join()).not.toContain("does not verify");
});
