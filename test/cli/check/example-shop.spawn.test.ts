import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";

import { EXAMPLE_CLIENT_ID, EXAMPLE_SECRET, type RunningExample, startExample } from "../../support/example-process";
import { describeOnce } from "../../support/skips";
import { checksOf, idsWith, runCheckCli } from "./check-cli";

// The example shop (example-app/, its own process, the built package) as a merchant prepares it for
// DOKU's go-live test: a payable, a paid and an expired code in its staging data. Every check passes.
// Loads no Express: run in the express5 project only.
describeOnce("the go-live check against the example shop", () => {
  let dir: string;
  let example: RunningExample;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "express-doku-check-example-"));
    example = await startExample(join(dir, "shop.sqlite"));
  }, 20_000);

  afterAll(async () => {
    await example?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  interface Order {
    invoice_number: string;
    payment_code: string;
    state: string;
  }

  async function order(): Promise<Order> {
    const res = await fetch(`${example.url}/api/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ amount: 150_000, customer_name: "Ani" }),
    });
    return (await res.json()) as Order;
  }

  const stateOf = async (invoice: string) =>
    ((await (await fetch(`${example.url}/api/orders/${invoice}`)).json()) as Order).state;

  it("passes every check, the FAILED notification confirmed unpaid through the shop's order status", async () => {
    const payable = await order();
    const paid = await order();
    const pay = await fetch(`${example.dokuUrl}/_emulator/pay`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ payment_code: paid.payment_code }),
    });
    expect(pay.status).toBe(200);
    expect(await stateOf(paid.invoice_number)).toBe("paid");
    const expired = await order();
    const db = new Database(join(dir, "shop.sqlite"));
    db.prepare("UPDATE bills SET expires_at = ? WHERE invoice_number = ?").run(
      Date.now() - 1000,
      expired.invoice_number,
    );
    db.close();

    const run = await runCheckCli(
      [
        "--inquiry-url",
        `${example.url}/doku/inquiry`,
        "--notify-url",
        `${example.url}/doku/notify`,
        "--client-id",
        EXAMPLE_CLIENT_ID,
        "--payable",
        payable.payment_code,
        "--paid",
        paid.payment_code,
        "--expired",
        expired.payment_code,
        "--order-status-url",
        `${example.url}/api/orders/{invoice}`,
        "--spacing-ms",
        "0",
        "--json",
      ],
      EXAMPLE_SECRET,
    );
    expect(idsWith(run, "failed")).toEqual([]);
    expect(run.code).toBe(0);
    expect(checksOf(run).find((c) => c.id === "notify-failed-not-paid")).toMatchObject({
      status: "passed",
      details: expect.arrayContaining([`${example.url}/api/orders/${payable.invoice_number}: not paid`]),
    });
    // The SUCCESS notifications paid the order.
    expect(await stateOf(payable.invoice_number)).toBe("paid");
  }, 60_000);
});
