import { existsSync } from "node:fs";

import { type Browser, chromium } from "playwright-core";

import { describeUnless } from "../support/skips";

// A real headless Chromium (Debian's package), used as a person would.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const describeBrowser = describeUnless(
  existsSync(CHROMIUM)
    ? undefined
    : `the cashier page test was SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
