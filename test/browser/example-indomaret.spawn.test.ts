import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Browser, Page } from "playwright-core";

import { describeBrowser, launchChromium } from "../support/chromium";
import { type RunningExample, startExample } from "../support/example-process";

// The example shop's Indomaret way in a real headless Chromium: a customer orders on a phone, the cashier
// types the code into the local DOKU's till, which says the code is Indomaret's, takes the cash, and the
// customer's page turns to paid by itself.
const PHONE = { width: 390, height: 844 };

describeBrowser("example Indomaret")("an Indomaret order in the example shop, paid at the local DOKU's till", () => {
  let dir: string;
  let example: RunningExample;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "express-doku-indomaret-page-"));
    example = await startExample(join(dir, "merchant.sqlite"));
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await example?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function order(page: Page, method: string) {
    await page.goto(`${example.url}/`);
    await page.fill("#amount", "87500");
    await page.fill("#customer_name", "Siti Rahma");
    await page.check(`input[name=method][value=${method}]`);
    await page.click("button[type=submit]");
    await page.waitForSelector("#payment-code");
    return ((await page.textContent("#payment-code")) ?? "").trim();
  }

  /** The till's screen for a code, as the cashier sees it once looked up. */
  async function lookUp(till: Page, shown: string) {
    await till.fill("#payment-code", shown);
    await till.click("#lookup");
    await till.locator("#screen dl").waitFor();
    const terms = await till.locator("#screen dt").allTextContents();
    const values = await till.locator("#screen dd").allTextContents();
    return Object.fromEntries(terms.map((term, i) => [term, values[i]]));
  }

  it("orders on a phone, is paid at the Indomaret till, and the order page turns to paid", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const shown = await order(page, "indomaret");
    expect(shown).toMatch(/^8899 \d{4} \d{4} \d{4}$/);
    expect(await page.textContent("#state")).toContain("Datang ke kasir Indomaret.");
    expect(await page.$("#cancel")).toBeNull();
    expect(await page.textContent("#no-cancel")).toBe(
      "Kode Indomaret tidak bisa dibatalkan; kode ini tidak berlaku lagi setelah kedaluwarsa.",
    );
    const code = shown.replace(/ /g, "");
    expect(await page.getAttribute("a[target=_blank]", "href")).toBe(
      `${example.dokuUrl}/indomaret-online-to-offline/v2/how-to-pay-page/${code}`,
    );
    await page.evaluate("window.notReloaded = true");

    const till = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await till.goto(`${example.dokuUrl}/`);
    const screen = await lookUp(till, shown);
    expect(screen.Store).toBe("Indomaret");
    expect(screen.Name).toBe("Siti Rahma");
    expect(screen.Amount).toBe("Rp\u00a087.500");
    await till.locator("#screen .ok").waitFor();
    await till.click("#take-cash");
    // The emulator's page forbids eval (its CSP): wait with a locator, not a string predicate.
    await till.locator("#result", { hasText: /^Paid/ }).waitFor({ timeout: 10_000 });
    expect(await till.textContent("#result")).toMatch(/Notification delivered \(1 attempt\)\.$/);
    await till.locator("#codes tr", { hasText: code }).filter({ hasText: "Indomaret, doku_generated" }).waitFor();

    await page.waitForFunction('document.getElementById("status").dataset.state === "paid"', undefined, {
      timeout: 10_000,
    });
    expect(await page.evaluate("window.notReloaded")).toBe(true);
    expect(await page.textContent("#status")).toBe("Lunas");
    expect(await page.textContent("#receipt")).toContain("INDOMARET IDM-EMU-0001");
    await till.close();
    await page.close();
  }, 60_000);

  it("the till's Store line says Alfamart for an Alfa order's code", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const shown = await order(page, "doku_generated");
    const till = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await till.goto(`${example.dokuUrl}/`);
    const screen = await lookUp(till, shown);
    expect(screen.Store).toContain("Alfamart");
    expect(screen.Store).not.toContain("Indomaret");
    await till.close();
    await page.close();
  }, 30_000);
});
