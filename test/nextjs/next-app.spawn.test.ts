// The fetch handlers as Next.js App Router route handlers, on `next build` + `next start`: the
// conformance battery against routes added to examples/nextjs, and DOKU's simulator against the example's own.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { describeInquiryConformance, describeNotificationConformance, type Mounted } from "../conformance/battery";
import { runCli } from "../support/example-process";
import { buildAndStart, CONFORMANCE_PREFIX, EXAMPLE, type NextApp } from "./next-app";

const CLIENT_ID = "MCH-0001-NEXTJS-TEST";
const SECRET = "SK-NEXTJS-TEST";

jest.setTimeout(30_000);

let app: NextApp | undefined;
beforeAll(async () => {
  app = await buildAndStart({ DOKU_CLIENT_ID: CLIENT_ID, DOKU_SECRET_KEY: SECRET });
}, 600_000);
afterAll(() => app?.stop(), 30_000);

const running = (): NextApp => {
  if (app === undefined) throw new Error("the Next.js app did not start");
  return app;
};
const mounted = (): Mounted => ({
  url: running().url,
  record: () => running().record(),
  close: () => running().stop(),
});

describeInquiryConformance("Next.js route handlers", mounted, CONFORMANCE_PREFIX);
describeNotificationConformance("Next.js route handlers", mounted, CONFORMANCE_PREFIX);

describe("examples/nextjs on next start", () => {
  const pay = (paymentCode: string) =>
    runCli(
      [
        "simulate",
        "pay",
        "--inquiry-url",
        `${running().url}/doku/inquiry`,
        "--notify-url",
        `${running().url}/doku/notification`,
        "--client-id",
        CLIENT_ID,
        "--payment-code",
        paymentCode,
      ],
      { DOKU_SECRET_KEY: SECRET },
    );

  it("is paid by `simulate pay`, and its inquiry route then sees the order paid", async () => {
    const paid = await pay("8896512345678123");
    expect(paid.code).toBe(0);
    const order = (await (await fetch(`${running().url}/orders/INV-1001`)).json()) as { state: string };
    expect(order.state).toBe("paid");
    // The routes are separate modules of the build: the order book is one all the same.
    const again = await pay("8896512345678123");
    expect([again.code, again.stdout]).toEqual([3, expect.stringContaining("billing_already_paid")]);
  });

  it("builds and serves without reaching the network", () => {
    expect(running().proxyAttempts()).toBe(0);
  });

  it("ships the tsconfig.json that next build leaves as it is", () => {
    const built = readFileSync(join(running().dir, "tsconfig.json"), "utf8");
    expect(built).toBe(readFileSync(join(EXAMPLE, "tsconfig.json"), "utf8"));
  });
});
