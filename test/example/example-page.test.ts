import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { payArgs, runCli, startExample, type RunningExample } from "../support/example-process";

// The customer's page in a real headless Chromium (Debian's package), driven as a person would.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = resolve(__dirname, "../../example-app/screenshots");
const available = existsSync(CHROMIUM);
if (!available) console.warn(`the browser test was SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
const describeBrowser = available ? describe : describe.skip;

describeBrowser("the example's order page", () => {
  let dir: string;
  let example: RunningExample;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "express-doku-page-"));
    example = await startExample(join(dir, "merchant.sqlite"));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await example?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates an order through the form, shows the code, and turns to paid by itself", async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
    await page.goto(`${example.url}/`);
    await page.fill("#amount", "125000");
    await page.fill("#customer_name", "Siti Rahma");
    await page.fill("#customer_email", "siti@example.com");
    await page.click("button[type=submit]");

    const code = (await page.textContent("#payment-code"))?.trim() ?? "";
    expect(code).toMatch(/^\d{16}$/);
    expect(await page.textContent("#amount")).toContain("125.000");
    expect(await page.textContent("#status")).toBe("pending");
    expect(await page.textContent("body")).toContain("Alfamart");
    expect(await page.getAttribute("#expires", "datetime")).toMatch(/Z$/);

    await page.evaluate("window.notReloaded = true");
    const paid = await runCli(payArgs(example.url, code));
    expect(paid.code).toBe(0);

    await page.waitForFunction('document.getElementById("status").textContent === "paid"', undefined, { timeout: 10_000 });
    expect(await page.evaluate("window.notReloaded")).toBe(true);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "paid.png"), fullPage: true });
  }, 60_000);

  it("says what is wrong with a bad form", async () => {
    const page = await browser.newPage();
    await page.goto(`${example.url}/`);
    await page.fill("#amount", "1");
    await page.fill("#customer_name", "   ");
    await page.evaluate('document.querySelector("form").setAttribute("novalidate", "")');
    await page.click("button[type=submit]");
    expect(await page.textContent("[role=alert]")).toContain("customer_name");
  }, 30_000);
});
