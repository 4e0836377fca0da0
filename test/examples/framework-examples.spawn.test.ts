import { runCli } from "../support/example-process";
import { describeOnce } from "../support/skips";
import { CLIENT_ID, type ExampleServer, runExampleToExit, SECRET, startExampleServer } from "./example-server";

// examples/fastify and examples/hono as a merchant runs them, paid by the simulator CLI as DOKU would.
const INVOICE = "INV-1001";
const PAYMENT_CODE = "8896512345678123";

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 50; i++)
    if (check()) return;
    else await new Promise((r) => setTimeout(r, 100));
  throw new Error(`timed out waiting for ${what}`);
};

describeOnce.each([["fastify"], ["hono"]])("examples/%s", (name) => {
  let shop: ExampleServer;
  beforeAll(async () => {
    shop = await startExampleServer(name);
  }, 20_000);
  afterAll(() => shop?.stop());

  const cli = (args: string[]) => runCli([...args, "--client-id", CLIENT_ID], { DOKU_SECRET_KEY: SECRET });
  const pay = () =>
    cli([
      "simulate",
      "pay",
      "--inquiry-url",
      `${shop.url}/doku/inquiry`,
      "--notify-url",
      `${shop.url}/doku/notify`,
      "--payment-code",
      PAYMENT_CODE,
    ]);
  const order = async () => (await fetch(`${shop.url}/orders/${INVOICE}`)).json() as Promise<Record<string, unknown>>;
  const paidLines = () => shop.lines().filter((line) => line.msg === "order paid" && line.invoice === INVOICE);
  let agentTrxId: string;

  it("is paid by `simulate pay`: exit 0, the order marked paid once", async () => {
    expect(await order()).toMatchObject({ invoice: INVOICE, amount: 150_000, state: "pending", paid_at: null });
    const run = await pay();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`HTTP 200, status success, invoice ${INVOICE}, amount 150000`);
    expect(run.stdout).toContain("answer signature: verified");
    agentTrxId = /AGENT_TRX_ID (\S+)/.exec(run.stdout)?.[1] as string;
    expect(await order()).toMatchObject({ state: "paid", paid_at: expect.any(String) });
    await until(() => paidLines().length > 0, "the order paid line");
    expect(paidLines()).toEqual([expect.objectContaining({ paidNow: true })]);
  });

  it("answers the same payment sent again as a duplicate, without running onPayment twice", async () => {
    const before = await order();
    const again = await cli([
      "simulate",
      "notify",
      "--url",
      `${shop.url}/doku/notify`,
      "--invoice",
      INVOICE,
      "--amount",
      "150000",
      "--payment-code",
      PAYMENT_CODE,
      "--agent-trx-id",
      agentTrxId,
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("HTTP 200");
    const duplicate = () => shop.lines().find((line) => line.reason === "duplicate");
    await until(() => duplicate() !== undefined, "the duplicate event");
    expect(duplicate()).toMatchObject({ router: "notification", replayed: true, statusCode: 200 });
    expect(paidLines()).toHaveLength(1);
    expect(await order()).toEqual(before);
  });

  it("answers a later inquiry for the paid code with billing_already_paid (exit 3)", async () => {
    const run = await pay();
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(`status billing_already_paid, invoice ${INVOICE}`);
  });

  it("under NODE_ENV=production stops at start without DOKU_SECRET_KEY, not on the development key", async () => {
    const run = await runExampleToExit(name, { NODE_ENV: "production", DOKU_CLIENT_ID: CLIENT_ID });
    expect(run.code).toBe(1);
    expect(run.output).toContain("set DOKU_SECRET_KEY to the value from DOKU's Back Office");
  });
});
