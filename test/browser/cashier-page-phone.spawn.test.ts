import { join } from "node:path";

import express from "express";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";

import { createNotificationRouter } from "../../src";
import type { DokuEmulator } from "../../src/emulator";
import { describeBrowser, launchChromium } from "../support/chromium";
import {
  callDoku,
  CLIENT_ID,
  DGPC_PATH,
  dgpcBody,
  emulatorWith,
  MGPC_PATH,
  mgpcBody,
  SECRET,
} from "../support/doku-api";
import { listen, type Running } from "../support/http";

// The cashier page on a phone: every code read whole, a code tapped into the till, the setup in view.
// UPDATE_SCREENSHOTS=1 writes the screenshots docs/ shows.
const DOCS = join(__dirname, "..", "..", "docs");
const LONG_INVOICE = "ORDER-2026-05-17-JAKARTA-SELATAN-KEBAYORAN-BARU-0000000000000042";
const LONGER_INVOICE = "INV/2026/05/17/ALFAMART-TOKO-DEMO-CABANG-KEBAYORAN/000000000421";
const MGPC_CODE = "88990000123456789012";

const phone = (width: number): BrowserContextOptions => ({
  viewport: { width, height: 800 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
});

interface Box {
  left: number;
  right: number;
}

interface CellBox {
  table: string;
  text: string;
  cell: Box;
  card: Box;
  contentWidth: number;
  boxWidth: number;
}

const SLACK = 0.5;
const outside = (inner: Box, outer: Box) => inner.left < outer.left - SLACK || inner.right > outer.right + SLACK;

/**
 * Every cell of the page's tables that is not wholly within its card, within the viewport (as wide
 * as the device: a phone zooms out of a page wider than itself), or whose content runs past its box.
 */
async function clippedCells(page: Page): Promise<string[]> {
  const width = page.viewportSize()?.width ?? 0;
  const cells: CellBox[] = await page.locator("table td").evaluateAll((tds) =>
    tds
      // An empty cell a phone leaves out has nothing to clip.
      .filter((td) => td.getClientRects().length > 0 || td.textContent !== "")
      .map((td) => {
        const box = ({ left, right }: Box) => ({ left, right });
        return {
          table: td.closest("tbody")?.id ?? "",
          text: td.textContent ?? "",
          cell: box(td.getBoundingClientRect()),
          card: box(td.closest("section")?.getBoundingClientRect() ?? { left: 0, right: 0 }),
          contentWidth: td.scrollWidth,
          boxWidth: td.clientWidth,
        };
      }),
  );
  expect(cells.length).toBeGreaterThan(0);
  const found: string[] = [];
  for (const { table, text, cell, card, contentWidth, boxWidth } of cells) {
    const where = `#${table} "${text}" at ${cell.left}-${cell.right}`;
    if (outside(cell, card)) found.push(`${where}: outside its card ${card.left}-${card.right}`);
    if (outside(cell, { left: 0, right: width })) found.push(`${where}: outside the viewport 0-${width}`);
    if (contentWidth > boxWidth + 1) found.push(`${where}: content ${contentWidth} px wide in ${boxWidth} px`);
  }
  return found;
}

/** How wide the page is drawn against how wide the device is. */
const pageWidth = async (page: Page) => ({
  scroll: await page.locator("html").evaluate((html) => html.scrollWidth),
  device: page.viewportSize()?.width ?? 0,
});

describeBrowser("cashier page on a phone")("the emulator's cashier page on a phone", () => {
  let browser: Browser;
  let shop: Running;
  let emulator: DokuEmulator;
  const codes: Record<string, string> = {};

  const create = async (path: string, body: object) => {
    const created = await callDoku(emulator, { path, body });
    expect(created.status).toBe(200);
    return created.json.online_to_offline_info.payment_code as string;
  };

  beforeAll(async () => {
    shop = await listen(
      express().use(
        createNotificationRouter({
          path: "/doku/notify",
          clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }],
          onPayment: async () => undefined,
        }),
      ),
    );
    emulator = await emulatorWith({
      notificationUrl: `${shop.url}/doku/notify`,
      inquiryUrl: `${shop.url}/doku/inquiry`,
    });
    codes.paid = await create(DGPC_PATH, dgpcBody("INV-20260517-0001", { amount: 125_000 }));
    codes.long = await create(
      DGPC_PATH,
      dgpcBody(LONG_INVOICE, {
        amount: 2_750_000,
        additional_info: {
          settlement: [
            { bank_account_settlement_id: "SBS-2026-KEBAYORAN-0001", value: 70, type: "PERCENTAGE" },
            { bank_account_settlement_id: "SBS-2026-KEBAYORAN-0002", value: 30, type: "PERCENTAGE" },
          ],
          account: { id: "SAC-2001-0001" },
        },
      }),
    );
    codes.mgpc = await create(MGPC_PATH, mgpcBody(LONGER_INVOICE, MGPC_CODE, 999_999_999_999));
    codes.expired = await create(DGPC_PATH, dgpcBody("INV-20260517-0004", { amount: 50_000 }));
    const paid = await emulator.pay({ payment_code: codes.paid });
    expect(paid.notification).toMatchObject({ state: "delivered" });
    expect(emulator.expire(codes.expired)).toBe(true);
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await shop?.close();
  });

  const open = async (options: BrowserContextOptions) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(emulator.tillUrl);
    await page.locator("#codes tr").nth(3).waitFor();
    await page.locator("#notifications tr").first().waitFor();
    return page;
  };

  it.each([320, 390])(
    "shows every code, notification and call whole at %i px",
    async (width) => {
      const page = await open(phone(width));
      expect(await clippedCells(page)).toEqual([]);
      const { scroll, device } = await pageWidth(page);
      expect(scroll).toBeLessThanOrEqual(device);
      for (const [invoice, state] of [
        ["INV-20260517-0001", "paid"],
        [LONG_INVOICE, "active"],
        [LONGER_INVOICE, "active"],
        ["INV-20260517-0004", "expired"],
      ]) {
        const row = page.locator("#codes tr", { hasText: invoice as string });
        expect(await row.textContent()).toContain(state);
        expect(await row.isVisible()).toBe(true);
      }
      expect(await page.locator("#codes tr", { hasText: LONGER_INVOICE }).textContent()).toContain(
        "Rp\u00a0999.999.999.999",
      );
      await page.context().close();
    },
    30_000,
  );

  it("keeps every cell inside its card at 1280 px", async () => {
    const page = await open({ viewport: { width: 1280, height: 900 } });
    expect(await clippedCells(page)).toEqual([]);
    // A desktop reads the codes as a table: one row per code.
    const rows = await page
      .locator("#codes tr")
      .evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
    for (const height of rows) expect(height).toBeLessThan(80);
    await page.context().close();
  }, 30_000);

  it("fills the till with a tapped code and brings the till into view", async () => {
    const page = await open(phone(390));
    await page.fill("#payment-code", codes.paid as string);
    await page.click("#lookup");
    await page.waitForSelector("#screen dl");

    await page.locator("#codes tr", { hasText: LONG_INVOICE }).locator("td").first().tap();
    expect(await page.inputValue("#payment-code")).toBe(codes.long);
    // The screen of the code looked up before is gone: "Take the cash" cannot pay the wrong code.
    expect(await page.textContent("#screen")).toBe("");
    expect(await page.isEnabled("#take-cash")).toBe(false);
    const till = await page.locator("#payment-code").boundingBox();
    expect(till !== null && till.y >= 0 && till.y + till.height <= 800).toBe(true);

    await page.tap("#lookup");
    await page.locator("#screen .ok").waitFor();
    expect(await page.textContent("#screen")).toContain(LONG_INVOICE);
    expect(await page.isEnabled("#take-cash")).toBe(true);
    await page.context().close();
  }, 30_000);

  it("shows the Client-Id, DOKU's base URL and the URLs it calls", async () => {
    const page = await open(phone(390));
    await page.locator("#setup dd").first().waitFor();
    const setup = (await page.textContent("#setup")) ?? "";
    expect(setup).toContain(CLIENT_ID);
    expect(setup).toContain(emulator.url);
    expect(setup).toContain(`${shop.url}/doku/inquiry`);
    expect(setup).toContain(`${shop.url}/doku/notify`);
    await page.context().close();

    const setupJson = await (await fetch(`${emulator.url}/_emulator/setup`)).json();
    expect(setupJson).toEqual({
      url: emulator.url,
      client_ids: [CLIENT_ID],
      inquiry_url: `${shop.url}/doku/inquiry`,
      notification_url: `${shop.url}/doku/notify`,
    });
  }, 30_000);

  it("says when the emulator calls no URL", async () => {
    const bare = await emulatorWith();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(bare.tillUrl);
      await page.locator("#setup dd").first().waitFor();
      const setup = (await page.textContent("#setup")) ?? "";
      expect(setup).toContain(CLIENT_ID);
      expect(setup).toMatch(/Inquiry URL\s*none/);
      expect(setup).toMatch(/Notification URL\s*none/);
      await page.close();
    } finally {
      await bare.close();
    }
  }, 30_000);

  it("takes the screenshots docs/ shows when asked", async () => {
    for (const [name, options] of [
      // At scale 1: the PNGs stay small in the repository.
      ["emulator-till-390.png", { ...phone(390), deviceScaleFactor: 1 }],
      ["emulator-till-1280.png", { viewport: { width: 1280, height: 900 } }],
    ] as const) {
      const page = await open(options);
      await page.locator("#codes tr", { hasText: LONG_INVOICE }).locator("td").first().click();
      await page.click("#lookup");
      await page.locator("#screen .ok").waitFor();
      const shot = await page.screenshot({ fullPage: true });
      expect(shot.length).toBeGreaterThan(1000);
      if (process.env.UPDATE_SCREENSHOTS === "1") await page.screenshot({ path: join(DOCS, name), fullPage: true });
      await page.context().close();
    }
  }, 60_000);
});
