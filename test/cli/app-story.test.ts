import express from "express";

import { createInquiryRouter, createNotificationRouter, type DokuEvent } from "../../src";
import { main } from "../../src/cli/main";
import { listen, type Running } from "../support/http";
import { capture } from "./captured-output";

// The simulator tells the app's own story: the error the app answered when it did not answer as
// DOKU does, and whether the customer can pay when it did.
const SECRET = "SK-APP-STORY";
const CLIENT = "MCH-STORY";
const clients = [{ clientId: CLIENT, secretKeys: [SECRET] }];
const events: DokuEvent[] = [];
const onEvent = (e: DokuEvent) => void events.push(e);

const run = async (argv: string[]) => {
  const out = capture();
  const err = capture();
  const code = await main(argv, out, err);
  return { code, out: out.text, err: err.text };
};

let parsed: Running; // the routers mounted after express.json()
let app: Running; // resolvers that fail, and every status a resolver may answer
beforeAll(async () => {
  const behindJson = express();
  behindJson.use(express.json());
  behindJson.use(
    createInquiryRouter({
      path: "/i",
      clients,
      onEvent,
      lookupPaymentCode: () => ({ status: "billing_not_found" }),
    }),
  );
  behindJson.use(createNotificationRouter({ path: "/n", clients, onEvent, onPayment: () => undefined }));
  parsed = await listen(behindJson);

  const e = express();
  e.use(
    createInquiryRouter({
      path: "/i",
      clients,
      onEvent,
      timeoutMs: 200,
      lookupPaymentCode: (code) => {
        const order = { invoice_number: "INV-S", amount: 5000 };
        if (code === "1") return { status: "success", order, customer: { name: "Ani" } };
        if (code === "2") throw new Error("db down");
        if (code === "3") return { status: "success", order: { ...order, amount: "5000" }, customer: {} } as never;
        if (code === "4") return new Promise(() => undefined);
        if (code === "5") return { status: "billing_already_paid" };
        if (code === "6") return { status: "billing_was_expired" };
        return { status: "billing_not_found" };
      },
    }),
  );
  e.use(
    createNotificationRouter({
      path: "/n",
      clients,
      onEvent,
      onPayment: () => {
        throw new Error("db down");
      },
    }),
  );
  e.post("/teapot", (_req, res) => {
    res.status(418).json({ message: "I'm a teapot" });
  });
  e.post("/nested", (_req, res) => {
    res.status(500).json({ error: { message: "db down\n\u001b[2J", code: "E_DB" }, reason: "db down\n\u001b[2J" });
  });
  app = await listen(e);
});
afterAll(async () => {
  await parsed.close();
  await app.close();
});
beforeEach(() => {
  process.env.DOKU_SECRET_KEY = SECRET;
  events.length = 0;
});
afterEach(() => {
  delete process.env.DOKU_SECRET_KEY;
});

const inquiry = (url: string, code: string, ...rest: string[]) => [
  "simulate",
  "inquiry",
  "--client-id",
  CLIENT,
  "--url",
  url,
  "--payment-code",
  code,
  ...rest,
];

describe("an app that does not answer as DOKU does", () => {
  it("the router behind express.json(): the app's own error and the fix, exit 1", async () => {
    const result = await run(inquiry(`${parsed.url}/i`, "1"));
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      "  HTTP 500\n  ✗ the app answered 500 body_already_consumed: another middleware (express.json()?) read the request body before the DOKU router; mount the router before your body parsers\n",
    );
    expect(result.out).not.toContain("status is undefined");
    expect(events.map((e) => e.reason)).toEqual(["body_already_consumed"]);

    const json = JSON.parse((await run(inquiry(`${parsed.url}/i`, "1", "--json"))).out);
    expect(json).toMatchObject({ ok: false, steps: [{ httpStatus: 500, appError: "body_already_consumed" }] });
    expect(json.steps[0].problems).toEqual([expect.stringMatching(/^the app answered 500 body_already_consumed: /)]);
  });

  it("a notification behind express.json(): the app's error, and that DOKU would retry", async () => {
    const result = await run([
      "simulate",
      "notify",
      "--client-id",
      CLIENT,
      "--url",
      `${parsed.url}/n`,
      "--payment-code",
      "1",
      "--invoice",
      "INV-1",
      "--amount",
      "5",
      "--json",
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out).steps[0]).toMatchObject({
      httpStatus: 500,
      appError: "body_already_consumed",
      problems: [
        "the app answered 500 body_already_consumed: another middleware (express.json()?) read the request body before the DOKU router; mount the router before your body parsers; DOKU would retry this notification in 30 minutes",
      ],
    });
  });

  it("an onPayment that threw: where to look", async () => {
    const result = await run([
      "simulate",
      "notify",
      "--client-id",
      CLIENT,
      "--url",
      `${app.url}/n`,
      "--payment-code",
      "1",
      "--invoice",
      "INV-1",
      "--amount",
      "5",
    ]);
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      "✗ the app answered 500 handler_error: onPayment threw; the app's log (or its onEvent) has the error; DOKU would retry this notification in 30 minutes\n",
    );
  });

  it("an error of the app's own: its words, not a DOKU answer", async () => {
    const result = await run(inquiry(`${app.url}/teapot`, "1", "--json"));
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out).steps[0]).toMatchObject({
      httpStatus: 418,
      appError: "I'm a teapot",
      problems: ["the app answered 418 I'm a teapot, not a DOKU answer (no online_to_offline_inquiry.status)"],
    });
    const nested = await run(inquiry(`${app.url}/nested`, "1", "--json"));
    expect(JSON.parse(nested.out).steps[0]).toMatchObject({ httpStatus: 500, appError: "db down [2J" });
  });
});

describe("whether the customer can pay", () => {
  it("a resolver that threw: DOKU takes the decline, but the customer cannot pay: exit 3 and where to look", async () => {
    const result = await run(inquiry(`${app.url}/i`, "2"));
    expect(result.code).toBe(3);
    expect(result.out).toMatch(
      /\n {2}HTTP 400, status decline\n {2}answer signature: verified\n {2}✓ everything DOKU checks passed\n {2}✗ the customer cannot pay: the app declined\. The router declines by itself when lookupPaymentCode threw, timed out or returned data DOKU would refuse: look in the app's log \(or its onEvent\) for reason resolver_error, resolver_timeout or invalid_resolver_result\n$/,
    );
    expect(events.map((e) => e.reason)).toEqual(["resolver_error"]);
  });

  it.each([
    ["3", "invalid_resolver_result"],
    ["4", "resolver_timeout"],
  ])("code %s (%s) is a decline the customer cannot pay", async (code, reason) => {
    const result = await run(inquiry(`${app.url}/i`, code, "--json"));
    expect(result.code).toBe(3);
    expect(JSON.parse(result.out)).toEqual({
      ok: true,
      customerCanPay: false,
      steps: [
        expect.objectContaining({
          inquiryStatus: "decline",
          problems: [],
          customerCanPay: false,
          advice: expect.stringContaining("resolver_error, resolver_timeout or invalid_resolver_result"),
        }),
      ],
    });
    expect(events.map((e) => e.reason)).toEqual([reason]);
  });

  it.each([
    ["5", "billing_already_paid", "the bill is already paid (billing_already_paid)"],
    ["6", "billing_was_expired", "the bill has expired (billing_was_expired)"],
    ["7", "billing_not_found", "the app does not know this payment code (billing_not_found)"],
  ])("code %s answers %s: exit 3, and why", async (code, status, why) => {
    const result = await run(inquiry(`${app.url}/i`, code));
    expect(result.code).toBe(3);
    expect(result.out).toContain(`, status ${status}\n`);
    expect(result.out).toContain(`  ✗ the customer cannot pay: ${why}\n`);
  });

  it("a success: exit 0, and the customer can pay", async () => {
    const result = await run(inquiry(`${app.url}/i`, "1", "--json"));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({
      ok: true,
      customerCanPay: true,
      steps: [{ inquiryStatus: "success", customerCanPay: true, problems: [] }],
    });
    expect(JSON.parse(result.out).steps[0].advice).toBeUndefined();
  });

  it("pay stops at an inquiry the customer cannot pay: exit 3, nothing sent", async () => {
    const result = await run([
      "simulate",
      "pay",
      "--client-id",
      CLIENT,
      "--inquiry-url",
      `${app.url}/i`,
      "--notify-url",
      `${app.url}/n`,
      "--payment-code",
      "2",
    ]);
    expect(result.code).toBe(3);
    expect(result.out).toContain("✗ the customer cannot pay: the app declined.");
    expect(result.out).not.toContain("Notification ->");
  });
});

describe("the command line itself", () => {
  it("--version prints the package's version", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require("../../package.json") as { version: string };
    expect(await run(["--version"])).toEqual({ code: 0, out: `${version}\n`, err: "" });
    expect((await run(["simulate", "inquiry", "--version"])).out).toBe(`${version}\n`);
  });

  it("an unknown flag: the nearest one, exit 2", async () => {
    const typo = await run(["simulate", "inquiry", "--paymnet-code", "1", "--client-id", CLIENT]);
    expect(typo).toEqual({
      code: 2,
      out: "",
      err: "express-doku: unknown option --paymnet-code; did you mean --payment-code?\n",
    });
    const far = await run(["simulate", "inquiry", "--colour"]);
    expect(far).toEqual({ code: 2, out: "", err: "express-doku: unknown option --colour; see express-doku --help\n" });
    const short = await run(["simulate", "inquiry", "-x"]);
    expect(short.err).toBe("express-doku: unknown option -x; see express-doku --help\n");
    const withValue = await run(["simulate", "notify", "--ammount=5"]);
    expect(withValue.err).toBe("express-doku: unknown option --ammount; did you mean --amount?\n");
  });

  it("a secret key with whitespace around it: a warning, then the call as told", async () => {
    process.env.DOKU_SECRET_KEY = `${SECRET}\n`;
    const result = await run(inquiry(`${app.url}/i`, "1"));
    expect(result.err).toBe(
      "warning: DOKU_SECRET_KEY has leading or trailing whitespace; copy the key from the DOKU Back Office again (the routers refuse such a key at start)\n",
    );
    expect(result.code).toBe(1); // signed with other bytes than the app's key: refused
    const flagged = await run(inquiry(`${app.url}/i`, "1", "--secret-key", ` ${SECRET}`));
    expect(flagged.err).toContain("warning: --secret-key has leading or trailing whitespace;");
    process.env.DOKU_SECRET_KEY = SECRET;
    expect((await run(inquiry(`${app.url}/i`, "1"))).err).toBe("");
  });

  it("the emulator refuses such a key, naming where it came from", async () => {
    process.env.DOKU_SECRET_KEY = ` ${SECRET}`;
    expect(await run(["emulator", "--port", "0", "--client-id", CLIENT])).toEqual({
      code: 2,
      out: "",
      err: "express-doku: DOKU_SECRET_KEY has leading or trailing whitespace; copy the key from the DOKU Back Office again\n",
    });
  });

  it("a known flag without its value: the parser's words and the usage, exit 2", async () => {
    const result = await run(["simulate", "inquiry", "--url"]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^Option '--url <value>' argument missing\n/);
    expect(result.err).toContain("express-doku simulate pay");
  });
});
