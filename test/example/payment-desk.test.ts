import { createServer } from "node:net";

import { startDokuEmulator } from "../../src/emulator";

// The example's payment desk with DOKU out of reach: a create that was never sent keeps its bill,
// and sending it again later (what the reconciler does) makes the code. Built package (`npx tsup`).

// The package as the example requires it: DokuError is the same class on both sides.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createDokuClient } = require("express-doku") as typeof import("../../src");
type Bill = { invoice_number: string; payment_code: string | null; doku_registered_at: number | null };
interface Registration {
  ok: boolean;
  outcome?: string;
  bill?: Bill;
  error?: { type: string; message: string };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createPaymentDesk } = require("../../example-app/payment-desk") as {
  createPaymentDesk(deps: { bills: unknown; doku: unknown; log: (line: Record<string, unknown>) => void }): {
    take(order: object): Promise<Registration>;
    register(bill: Bill): Promise<Registration>;
  };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createBillBook } = require("../../example-app/bills") as {
  createBillBook(db: unknown): {
    findByInvoice(invoice: string): Bill | undefined;
    awaitingRegistration(n: number): Bill[];
  };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { openDatabase } = require("../../example-app/database") as { openDatabase(path: string): unknown };

const CLIENT_ID = "MCH-0001-DESK";
const SECRET = "SK-DESK-TEST";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

it("a create that could not be sent keeps its bill, and is made once DOKU is back", async () => {
  const port = await freePort();
  const lines: Record<string, unknown>[] = [];
  const bills = createBillBook(openDatabase(":memory:"));
  const doku = createDokuClient({
    clientId: CLIENT_ID,
    secretKey: SECRET,
    baseUrl: `http://127.0.0.1:${port}`,
    maxRetries: 0,
  });
  const desk = createPaymentDesk({ bills, doku, log: (line) => lines.push(line) });

  const taken = await desk.take({
    amount: 25_000,
    customerName: "Dewi",
    expiresInMinutes: 60,
    method: "doku_generated",
  });
  expect(taken).toMatchObject({ ok: false, outcome: "pending_at_doku", error: { type: "not_sent" } });
  const bill = taken.bill as Bill;
  expect(bills.findByInvoice(bill.invoice_number)).toMatchObject({ payment_code: null, doku_registered_at: null });
  expect(bills.awaitingRegistration(10).map((b) => b.invoice_number)).toEqual([bill.invoice_number]);
  expect(lines).toEqual([
    expect.objectContaining({
      event: "code_not_registered",
      type: "not_sent",
      detail: expect.stringContaining(`POST http://127.0.0.1:${port}/alfa-online-to-offline/v2/payment-code`),
    }),
  ]);

  const emulator = await startDokuEmulator({ clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }], port });
  try {
    const registered = await desk.register(bill);
    expect(registered).toMatchObject({ ok: true });
    expect(registered.bill?.payment_code).toBe(emulator.codes().codes[0]?.payment_code);
    expect(emulator.calls().calls.map((c) => c.status)).toEqual([200]);
  } finally {
    await emulator.close();
  }
});
