import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import express from "express";
import type { Browser } from "playwright-core";

import { createNotificationRouter } from "../../src";
import type { DokuEmulator } from "../../src/emulator";
import { describeBrowser, launchChromium } from "../support/chromium";
import { callDoku, CLIENT_ID, DGPC_PATH, dgpcBody, emulatorWith, SECRET } from "../support/doku-api";
import { listen, type Running } from "../support/http";

// The emulator's cashier page in a real headless Chromium, used as a person would.
describeBrowser("cashier page")("the emulator's cashier page", () => {
  let browser: Browser;
  let shop: Running;
  let emulator: DokuEmulator;
  let shots: string;
  const paid: string[] = [];

  beforeAll(async () => {
    shots = mkdtempSync(join(tmpdir(), "express-doku-till-"));
    shop = await listen(
      express().use(
        createNotificationRouter({
          path: "/doku/notify",
          clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }],
          onPayment: async (n) => void paid.push(n.order.invoice_number),
        }),
      ),
    );
    emulator = await emulatorWith({ notificationUrl: `${shop.url}/doku/notify` });
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await shop?.close();
    rmSync(shots, { recursive: true, force: true });
  });

  it("looks a code up, takes the cash, and shows the notification delivered", async () => {
    const created = await callDoku(emulator, {
      path: DGPC_PATH,
      body: dgpcBody("INV-PAGE-1", { amount: 125_000, info: "Toko <b>Demo</b>" }),
    });
    const code = created.json.online_to_offline_info.payment_code as string;
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(emulator.tillUrl);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.fill("#payment-code", code);
    await page.click("#lookup");
    await page.waitForSelector("#screen dl");
    const screen = (await page.textContent("#screen")) ?? "";
    expect(screen).toContain("Anton Budiman");
    expect(screen).toContain("Rp 125.000".replace(" ", "\u00a0"));
    expect(screen).toContain("Toko <b>Demo</b>");
    expect(await page.isEnabled("#take-cash")).toBe(true);

    await page.click("#take-cash");
    // The page forbids eval (its CSP): wait with locators, not string predicates.
    await page.locator("#result", { hasText: /^Paid/ }).waitFor({ timeout: 10_000 });
    expect(await page.textContent("#result")).toMatch(
      /^Paid: Rp\u00a0125\.000, receipt \d{12}\. Notification delivered \(1 attempt\)\.$/,
    );
    expect(paid).toEqual(["INV-PAGE-1"]);
    expect(await page.textContent("#screen .ok")).toBe("Paid.");

    await page.locator("#notifications tr", { hasText: "delivered" }).waitFor({ timeout: 10_000 });
    expect(await page.textContent("#notifications")).toContain("delivered");
    expect(await page.textContent("#codes")).toContain("paid");
    expect(await page.textContent("#calls")).toContain("notification");
    await page.screenshot({ path: join(shots, "till.png"), fullPage: true });
  }, 60_000);

  it("shows a code's split settlement and sub-account in the codes DOKU holds", async () => {
    await callDoku(emulator, {
      path: DGPC_PATH,
      body: dgpcBody("INV-PAGE-SPLIT", {
        additional_info: {
          settlement: [
            { bank_account_settlement_id: "SBS-0001", value: 70, type: "PERCENTAGE" },
            { bank_account_settlement_id: "SBS-0002", value: 15_000, type: "FIX" },
          ],
          account: { id: "SAC-2001-0001" },
        },
      }),
    });
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(emulator.tillUrl);
    const row = page.locator("#codes tr", { hasText: "INV-PAGE-SPLIT" });
    await row.waitFor();
    expect(await row.locator('td[data-label="Settlement"]').textContent()).toBe(
      "SBS-0001 70%, SBS-0002 Rp\u00a015.000 (FIX); sub-account SAC-2001-0001",
    );
    await page.close();
  }, 30_000);

  it("shows a refusal and keeps the cash button off", async () => {
    const page = await browser.newPage();
    await page.goto(emulator.tillUrl);
    await page.fill("#payment-code", "1234 5678");
    await page.click("#lookup");
    await page.waitForSelector("#screen .refused");
    expect(await page.textContent("#screen .refused")).toContain("Refused (billing_not_found)");
    expect(await page.isEnabled("#take-cash")).toBe(false);
  }, 30_000);
});
