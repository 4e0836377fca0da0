import { createSecretKey } from "node:crypto";

import express from "express";

import { signedJsonAnswer } from "../../src/http/answer";
import { runCli } from "../support/example-process";
import { listen, type Running } from "../support/http";

// The simulator as a merchant runs it: the built CLI, in its own process, against real apps.
const CLIENT_ID = "MCH-0001-SIM";
const SECRET = "SK-SIMULATOR-TEST";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createMerchantApp } = require("../../example-app/app") as {
  createMerchantApp(o: { clientId: string; secretKey: string; bills?: unknown }): express.Express;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createBillBook: createBook } = require("../../example-app/bills") as {
  createBillBook(
    db: unknown,
    now?: () => number,
  ): { create(o: object): { payment_code: string; invoice_number: string } };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { openDatabase } = require("../../example-app/database") as { openDatabase(path: string): unknown };
const createBillBook = (now?: () => number) => createBook(openDatabase(":memory:"), now);

const cli = (args: string[], env: Record<string, string | undefined> = { DOKU_SECRET_KEY: SECRET }) =>
  runCli(args, env);

let merchant: Running;
let bills: ReturnType<typeof createBillBook>;

beforeAll(async () => {
  bills = createBillBook();
  merchant = await listen(createMerchantApp({ clientId: CLIENT_ID, secretKey: SECRET, bills }));
});
afterAll(() => merchant.close());

const pay = (code: string, extra: string[] = []) =>
  cli([
    "simulate",
    "pay",
    "--inquiry-url",
    `${merchant.url}/doku/inquiry`,
    "--notify-url",
    `${merchant.url}/doku/notify`,
    "--client-id",
    CLIENT_ID,
    "--payment-code",
    code,
    ...extra,
  ]);

describe("express-doku simulate", () => {
  it("pays a bill: inquiry, verified answer, notification", async () => {
    const bill = bills.create({ amount: 150000, customerName: "Ani", expiresInMinutes: 60 });
    const run = await pay(bill.payment_code);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("status success");
    expect(run.stdout).toContain(`invoice ${bill.invoice_number}, amount 150000`);
    expect(run.stdout).toContain("answer signature: verified");
    expect(run.stdout).toMatch(
      /Notification -> .*\n\s+sent: status SUCCESS, invoice INV-\S+, amount 150000, AGENT_TRX_ID \S+\n\s+again: .*\n\s+HTTP 200/,
    );
    expect(run.stdout).not.toContain("\u001b["); // no colours off a TTY

    const again = await pay(bill.payment_code, ["--json"]);
    expect(again.code).toBe(1);
    const report = JSON.parse(again.stdout);
    expect(report.ok).toBe(false);
    expect(report.steps[0]).toMatchObject({
      inquiryStatus: "billing_already_paid",
      httpStatus: 400,
      signatureValid: true,
    });
  });

  it.each([["billing_not_found", "4242", 404]])(
    "reports %s over inquiry, exit 0 since the answer is correct",
    async (status, code, http) => {
      const run = await cli([
        "simulate",
        "inquiry",
        "--url",
        `${merchant.url}/doku/inquiry`,
        "--client-id",
        CLIENT_ID,
        "--payment-code",
        code,
        "--json",
      ]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).steps[0]).toMatchObject({
        inquiryStatus: status,
        httpStatus: http,
        signatureValid: true,
        problems: [],
      });
    },
  );

  it("reports billing_was_expired", async () => {
    let clock = Date.now();
    const expired = createBillBook(() => clock);
    const bill = expired.create({ amount: 1000, customerName: "Budi", expiresInMinutes: 1 });
    clock += 2 * 60_000;
    const app = await listen(createMerchantApp({ clientId: CLIENT_ID, secretKey: SECRET, bills: expired }));
    try {
      const run = await cli([
        "simulate",
        "inquiry",
        "--url",
        `${app.url}/doku/inquiry`,
        "--client-id",
        CLIENT_ID,
        "--payment-code",
        bill.payment_code,
      ]);
      expect(run.stdout).toContain("HTTP 400, status billing_was_expired");
    } finally {
      await app.close();
    }
  });

  it("sends a notification on its own", async () => {
    const bill = bills.create({ amount: 5000, customerName: "Citra", expiresInMinutes: 60 });
    const run = await cli([
      "simulate",
      "notify",
      "--url",
      `${merchant.url}/doku/notify`,
      "--client-id",
      CLIENT_ID,
      "--invoice",
      bill.invoice_number,
      "--amount",
      "5000",
      "--payment-code",
      bill.payment_code,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("HTTP 200");
  });

  it("says the app refused the signature when the secret differs", async () => {
    const run = await cli(
      ["simulate", "inquiry", "--url", `${merchant.url}/doku/inquiry`, "--client-id", CLIENT_ID, "--payment-code", "1"],
      { DOKU_SECRET_KEY: "SK-WRONG" },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("status invalid_signature");
    expect(run.stdout).toMatch(/secret key or Client-Id here differs/);
  });

  describe("against a server that signs badly", () => {
    let bad: Running;
    beforeAll(async () => {
      const app = express();
      app.post("/other-key", (req, res) => {
        const a = signedJsonAnswer(
          404,
          { online_to_offline_inquiry: { status: "billing_not_found" } },
          {
            clientId: String(req.headers["client-id"]),
            requestId: String(req.headers["request-id"]),
            requestTarget: "/other-key",
            key: createSecretKey(Buffer.from("SK-SOMEONE-ELSE")),
            nowMs: Date.now(),
          },
        );
        res.status(404).set(a.headers).send(a.body);
      });
      app.post("/reserialised", (req, res) => {
        const a = signedJsonAnswer(
          404,
          { online_to_offline_inquiry: { status: "billing_not_found" } },
          {
            clientId: String(req.headers["client-id"]),
            requestId: String(req.headers["request-id"]),
            requestTarget: "/reserialised",
            key: createSecretKey(Buffer.from(SECRET)),
            nowMs: Date.now(),
          },
        );
        res
          .status(404)
          .set(a.headers)
          .send(JSON.stringify(JSON.parse(a.body.toString()), null, 2));
      });
      app.post("/html", (_req, res) => {
        res.status(200).send("<html>hello</html>");
      });
      app.post("/slow", () => {
        /* never answers */
      });
      bad = await listen(app);
    });
    afterAll(() => bad.close());

    const inquiry = (path: string, extra: string[] = []) =>
      cli([
        "simulate",
        "inquiry",
        "--url",
        `${bad.url}${path}`,
        "--client-id",
        CLIENT_ID,
        "--payment-code",
        "1",
        ...extra,
      ]);

    it("diagnoses another key", async () => {
      const run = await inquiry("/other-key");
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("does NOT verify");
      expect(run.stdout).toContain("another secret key");
    });

    it("diagnoses an answer re-serialised after signing", async () => {
      const run = await inquiry("/reserialised");
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("re-serialised");
    });

    it("says when the answer is not JSON", async () => {
      const run = await inquiry("/html");
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("is not JSON");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });

    it("gives up after --timeout", async () => {
      const run = await inquiry("/slow", ["--timeout", "0.3"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("did not answer within 300 ms");
    });
  });

  it("says when the app is down", async () => {
    const down = await listen(express());
    const url = down.url;
    await down.close();
    const run = await cli([
      "simulate",
      "inquiry",
      "--url",
      `${url}/doku/inquiry`,
      "--client-id",
      CLIENT_ID,
      "--payment-code",
      "1",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot reach .* \(ECONNREFUSED\); is the app running/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("asks for the secret, warns about --secret-key, and explains usage", async () => {
    const noSecret = await cli(
      ["simulate", "inquiry", "--url", "http://127.0.0.1:1/x", "--client-id", "A", "--payment-code", "1"],
      {},
    );
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain("DOKU_SECRET_KEY");
    const flag = await cli(
      ["simulate", "inquiry", "--url", "not a url", "--client-id", "A", "--payment-code", "1", "--secret-key", "x"],
      {},
    );
    expect(flag.stderr).toContain("shell history");
    expect(flag.stderr).toContain("is not a URL");
    const usage = await cli(["nothing"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("simulate pay");
    expect((await cli(["--help"])).code).toBe(0);
    expect((await cli(["simulate", "inquiry", "--client-id", "A", "--payment-code", "1"])).stderr).toContain(
      "--url is required",
    );
  });
});
