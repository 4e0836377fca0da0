import { existsSync } from "node:fs";

import { type Browser, chromium } from "playwright-core";

import { describeUnless } from "./skips";

// A real headless Chromium (Debian's package), used as a person would.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A `describe` skipped, saying why, where the machine has no Chromium; `what` names the suite. */
export const describeBrowser = (what: string) =>
  describeUnless(
    existsSync(CHROMIUM)
      ? undefined
      : `the ${what} test was SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
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
