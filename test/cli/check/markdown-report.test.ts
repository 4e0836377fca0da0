import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { argsWithCodes, runCheckCli } from "./check-cli";
import { type HandWrittenMerchant, HW_SECRET, startHandWrittenMerchant } from "./hand-written-merchant";

// The report a merchant sends DOKU: stable from run to run once the times, ports, Request-Ids and
// the random codes of the run are masked.
let shop: HandWrittenMerchant;
let dir: string;
beforeAll(async () => {
  shop = await startHandWrittenMerchant({ notFoundStatus: 400 });
  dir = mkdtempSync(join(tmpdir(), "express-doku-report-"));
});
afterAll(async () => {
  await shop.close();
  rmSync(dir, { recursive: true, force: true });
});

const masked = (text: string) =>
  text
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "TIME")
    .replace(/\d+ ms/g, "N ms")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "REQUEST-ID")
    .replace(/\b9\d{19}\b/g, "TWENTY-DIGITS")
    .replace(/\b10\d{14}\b/g, "UNKNOWN-CODE");

it("is the same Markdown on every run, times masked", async () => {
  const report = join(dir, "go-live.md");
  const run = await runCheckCli(argsWithCodes(shop, ["payable", "expired"], "--report", report), HW_SECRET);
  expect(run.code).toBe(1);
  expect(masked(readFileSync(report, "utf8"))).toMatchSnapshot();
});

it("says where it could not write the report, exit 2", async () => {
  const run = await runCheckCli(
    argsWithCodes(shop, ["payable"], "--report", join(dir, "missing", "go-live.md")),
    HW_SECRET,
  );
  expect(run).toMatchObject({ code: 2, err: expect.stringContaining("cannot write --report") });
});
