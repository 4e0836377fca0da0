import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";

import { describeBrowser, launchChromium } from "../support/chromium";
import { type RunningExample, startExample } from "../support/example-process";

// The customer's page in a real headless Chromium (Debian's package), used as a person would on
// a phone; the cashier pays on the local DOKU's page.
// The kept screenshots are rewritten only when asked (UPDATE_SCREENSHOTS=1 npm test): a test run leaves the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? resolve(__dirname, "../../example-app/screenshots")
  : join(tmpdir(), "express-doku-screenshots");

const PHONE = { width: 390, height: 844 };

/** Whether anything is wider than the viewport: a page that scrolls sideways. */
const overflows = (page: Page) =>
  page.evaluate<boolean>("document.documentElement.scrollWidth > document.documentElement.clientWidth");

describeBrowser("example page")("the example's order page", () => {
  let dir: string;
  let example: RunningExample;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "express-doku-page-"));
    example = await startExample(join(dir, "merchant.sqlite"));
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await example?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function order(page: Page, method: string, amount = "125000") {
    await page.goto(`${example.url}/`);
    await page.fill("#amount", amount);
    await page.fill("#customer_name", "Siti Rahma");
    await page.fill("#customer_email", "siti@example.com");
    await page.check(`input[name=method][value=${method}]`);
    await page.click("button[type=submit]");
    await page.waitForSelector("#status");
  }

  it("a customer orders on a phone, the cashier pays on the local DOKU's page, and the page turns to paid by itself", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    await order(page, "doku_generated");
    expect(await page.getAttribute("html", "lang")).toBe("id");
    const shown = (await page.textContent("#payment-code"))?.trim() ?? "";
    expect(shown).toMatch(/^8899 \d{4} \d{4} \d{4}$/);
    const code = shown.replace(/ /g, "");
    expect(await page.textContent("#amount")).toBe("Rp\u00a0125.000");
    expect(await page.textContent("#status")).toBe("Menunggu pembayaran");
    expect(await page.textContent("body")).toContain("Alfamart, Alfamidi, Lawson atau Dan+Dan");
    expect(await page.textContent("#expires")).toMatch(/WIB$/);
    expect(await page.getAttribute("a[target=_blank]", "href")).toBe(`${example.dokuUrl}/how-to-pay/${code}`);
    expect(await overflows(page)).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, "pending-390.png"), fullPage: true });

    await page.evaluate("window.notReloaded = true");
    const till = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await till.goto(`${example.dokuUrl}/`);
    await till.fill("#payment-code", shown);
    await till.click("#lookup");
    await till.waitForSelector("#screen .ok");
    expect(await till.textContent("#screen")).toContain("Siti Rahma");
    await till.click("#take-cash");
    // The emulator's page forbids eval (its CSP): wait with a locator, not a string predicate.
    await till.locator("#result", { hasText: /^Paid/ }).waitFor({ timeout: 10_000 });

    await page.waitForFunction('document.getElementById("status").dataset.state === "paid"', undefined, {
      timeout: 10_000,
    });
    expect(await page.evaluate("window.notReloaded")).toBe(true);
    expect(await page.textContent("#status")).toBe("Lunas");
    const receipt = (await page.textContent("#receipt")) ?? "";
    expect(receipt).toMatch(/Dibayar.*WIB/);
    expect(receipt).toContain("ALFAMART ALFA-EMU-0001");
    expect(receipt).toMatch(/Nomor transaksi\d{12}/);
    expect(await page.$("#copy")).toBeNull();
    await page.screenshot({ path: join(SCREENSHOTS, "paid-390.png"), fullPage: true });
  }, 60_000);

  it.each([320, 390])(
    "nothing scrolls sideways at %i px, in either language",
    async (width) => {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      await order(page, "direct_inquiry", "999999999999");
      expect(await overflows(page)).toBe(false);
      await page.click("a.lang");
      expect(await page.getAttribute("html", "lang")).toBe("en");
      expect(await page.textContent("#status")).toBe("Awaiting payment");
      expect(await overflows(page)).toBe(false);
      await page.goto(`${example.url}/?lang=en`);
      expect(await overflows(page)).toBe(false);
    },
    30_000,
  );

  it("at 1280 px, in English, with the code grouped in fours and a Copy button", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${example.url}/?lang=en`);
    expect(await page.textContent("label[for=customer_name]")).toBe("Your name");
    await page.fill("#amount", "150000");
    await page.fill("#customer_name", "Budi");
    await page.click("button[type=submit]");
    await page.waitForSelector("#payment-code");
    expect(await page.textContent("#payment-code")).toMatch(/^8896 \d{4} \d{4} \d{4}$/);
    expect(await page.textContent("#copy")).toBe("Copy code");
    expect(await page.textContent("#expires")).toMatch(/WIB$/);
    await page.screenshot({ path: join(SCREENSHOTS, "pending-1280.png"), fullPage: true });
  }, 30_000);

  it("a cancelled order says so and offers a new one; an expired one offers a new code", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    await order(page, "merchant_generated", "5000");
    await page.click("#cancel");
    await page.waitForSelector("#status[data-state=cancelled]");
    expect(await page.textContent("#status")).toBe("Dibatalkan");
    expect(await page.textContent("body")).toContain("Pesan lagi");
    expect(await page.$("#payment-code")).toBeNull();

    await order(page, "direct_inquiry", "6000");
    const invoice = ((await page.textContent("#invoice")) ?? "").trim();
    const db = new Database(join(dir, "merchant.sqlite"));
    db.prepare("UPDATE bills SET expires_at = ? WHERE invoice_number = ?").run(Date.now() - 1000, invoice);
    db.close();
    await page.waitForSelector("#status[data-state=expired]", { timeout: 10_000 });
    expect(await page.textContent("#state")).toContain("Kode ini sudah kedaluwarsa");
    await page.click("text=Buat kode baru");
    await page.waitForSelector("#payment-code");
    expect((await page.textContent("#invoice"))?.trim()).not.toBe(invoice);
    expect(await page.textContent("#amount")).toBe("Rp\u00a06.000");
    expect(await page.textContent("#status")).toBe("Menunggu pembayaran");
  }, 30_000);

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
