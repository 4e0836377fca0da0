import express from "express";

import { createInquiryRouter, createNotificationRouter } from "../../src";
import { main } from "../../src/cli/main";
import { COLOURS, describeSteps, PLAIN } from "../../src/cli/report";
import type { Step } from "../../src/cli/simulate";
import { signedJsonAnswer, writeAnswer } from "../../src/http/answer";
import { formatTimestamp, toKeyObject } from "../../src/signature";
import { listen, type Running } from "../support/http";
import { capture } from "./captured-output";

// The CLI's exact words and exit codes, in this process (the spawned runs in simulator.spawn.test.ts
// cover the binary itself).
const SECRET = "SK-EXACT-FAKE";
const CLIENT = "MCH-EX";
const clients = [{ clientId: CLIENT, secretKeys: [SECRET] }];

/** An inquiry answer signed the way the router signs one, with any body. */
function signedAnswer(req: express.Request, res: express.Response, body: object): void {
  const signing = {
    clientId: CLIENT,
    requestId: req.get("Request-Id") ?? "",
    requestTarget: req.path,
    key: toKeyObject(SECRET),
    nowMs: Date.now(),
  };
  writeAnswer(res, signedJsonAnswer(200, body, signing));
}

let app: Running;
const received: { invoice: string; amount: number; status: string }[] = [];
beforeAll(async () => {
  const e = express();
  e.use(
    createInquiryRouter({
      path: "/i",
      clients,
      lookupPaymentCode: (code) =>
        code === "1"
          ? { status: "success", order: { invoice_number: "INV-EX", amount: 7000 }, customer: { name: "Dewi" } }
          : { status: "billing_not_found" },
    }),
  );
  e.use(
    createNotificationRouter({
      path: "/n",
      clients,
      onPayment: (n) => {
        received.push({ invoice: n.order.invoice_number, amount: n.order.amount, status: n.transaction.status });
      },
    }),
  );
  e.post("/no-order", (req, res) => signedAnswer(req, res, { online_to_offline_inquiry: { status: "success" } }));
  e.post("/no-status", (req, res) => signedAnswer(req, res, { order: { invoice_number: "I", amount: 1 } }));
  e.post("/bad-signature", (req, res) => {
    res
      .status(200)
      .set({
        "Client-Id": CLIENT,
        "Request-Id": req.get("Request-Id"),
        "Response-Timestamp": formatTimestamp(Date.now()),
        Signature: `HMACSHA256=${"A".repeat(43)}=`,
      })
      .json({ order: { invoice_number: "INV-B", amount: 5 }, online_to_offline_inquiry: { status: "success" } });
  });
  e.post("/refused", (_req, res) => {
    res.status(401).json({ online_to_offline_inquiry: { status: "invalid_signature" } });
  });
  e.post("/not-json", (_req, res) => {
    res
      .status(200)
      .type("html")
      .send(`<html>\n   <body>\t${"x".repeat(80)}</body></html>`);
  });
  e.post("/json-null", (_req, res) => {
    res.status(200).type("json").send("null");
  });
  e.post("/json-number", (_req, res) => {
    res.status(200).type("json").send("5");
  });
  e.post("/json-array", (_req, res) => {
    res.status(200).json([{ online_to_offline_inquiry: { status: "success" } }]);
  });
  e.post("/hang", () => undefined);
  e.post("/n299", (_req, res) => {
    res.status(299).end();
  });
  e.post("/n300", (_req, res) => {
    res.status(300).end();
  });
  e.post("/n204", (_req, res) => {
    res.status(204).end();
  });
  app = await listen(e);
});
afterAll(() => app.close());
beforeEach(() => {
  process.env.DOKU_SECRET_KEY = SECRET;
  received.length = 0;
});

const run = async (argv: string[], isTTY = false) => {
  const out = capture(isTTY);
  const err = capture();
  const code = await main(argv, out, err);
  return { code, out: out.text, err: err.text };
};
const inquiry = (path: string, ...rest: string[]) => [
  "simulate",
  "inquiry",
  "--client-id",
  CLIENT,
  "--url",
  `${app.url}${path}`,
  "--payment-code",
  "1",
  ...rest,
];
const notify = (path: string, ...rest: string[]) => [
  "simulate",
  "notify",
  "--client-id",
  CLIENT,
  "--url",
  `${app.url}${path}`,
  "--payment-code",
  "1",
  "--invoice",
  "INV-N",
  ...rest,
];
const pay = (path: string, ...rest: string[]) => [
  "simulate",
  "pay",
  "--client-id",
  CLIENT,
  "--inquiry-url",
  `${app.url}${path}`,
  "--notify-url",
  `${app.url}/n`,
  "--payment-code",
  "1",
  ...rest,
];

describe("the report", () => {
  const steps: Step[] = [
    {
      kind: "inquiry",
      url: "http://a/i",
      requestId: "r1",
      httpStatus: 200,
      inquiryStatus: "success",
      order: { invoice_number: "INV-1", amount: 5 },
      signatureValid: true,
      problems: [],
    },
    {
      kind: "inquiry",
      url: "http://a/i",
      requestId: "r2",
      httpStatus: 404,
      inquiryStatus: "billing_not_found",
      signatureValid: false,
      problems: ["one", "two"],
    },
    { kind: "notification", url: "http://a/n", requestId: "r3", httpStatus: 500, problems: ["retry"] },
  ];

  it("says what was sent, what came back and what DOKU would object to", () => {
    expect(describeSteps(steps, PLAIN)).toBe(
      [
        "Inquiry -> http://a/i  Request-Id r1",
        "  HTTP 200, status success, invoice INV-1, amount 5",
        "  answer signature: verified",
        "  ✓ everything DOKU checks passed",
        "Inquiry -> http://a/i  Request-Id r2",
        "  HTTP 404, status billing_not_found",
        "  answer signature: does NOT verify",
        "  ✗ one",
        "  ✗ two",
        "Notification -> http://a/n  Request-Id r3",
        "  HTTP 500",
        "  ✗ retry",
      ].join("\n"),
    );
  });

  it("colours on a terminal", () => {
    expect(describeSteps([steps[0] as Step], COLOURS)).toBe(
      [
        "Inquiry -> http://a/i  \u001b[2mRequest-Id r1\u001b[0m",
        "  HTTP 200, status success, invoice INV-1, amount 5",
        "  answer signature: \u001b[32mverified\u001b[0m",
        "  \u001b[32m✓\u001b[0m everything DOKU checks passed",
      ].join("\n"),
    );
    expect(describeSteps([steps[2] as Step], COLOURS)).toContain("  \u001b[31m✗\u001b[0m retry");
    expect(describeSteps([steps[1] as Step], COLOURS)).toContain(
      "answer signature: \u001b[31mdoes NOT verify\u001b[0m",
    );
    expect(describeSteps([], PLAIN)).toBe("");
  });
});

describe("the command line", () => {
  it("prints the usage on --help (exit 0) and on anything but simulate (exit 2)", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(
      /^express-doku: play DOKU against your app[\s\S]*Exit codes: 0 everything DOKU checks passed and the customer can pay, 1 DOKU would object, 2 usage or connection\nerror, 3 DOKU takes the answer but the customer cannot pay \(decline or a billing_\* status\)\.\n$/,
    );
    expect(help.err).toBe("");
    for (const argv of [[], ["pay"]]) {
      const wrong = await run(argv);
      expect([wrong.code, wrong.out, wrong.err]).toEqual([2, "", help.out]);
    }
  });

  it("passes a good inquiry with exit 0, as text or JSON", async () => {
    const text = await run(inquiry("/i"));
    expect(text).toMatchObject({ code: 0, err: "" });
    expect(text.out).toMatch(
      /^Inquiry -> http:\/\/127\.0\.0\.1:\d+\/i {2}Request-Id [0-9a-f-]{36}\n {2}HTTP 200, status success, invoice INV-EX, amount 7000\n {2}answer signature: verified\n {2}✓ everything DOKU checks passed\n$/,
    );
    const json = await run(inquiry("/i", "--json"));
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({
      ok: true,
      customerCanPay: true,
      steps: [
        {
          kind: "inquiry",
          url: `${app.url}/i`,
          requestId: expect.any(String),
          httpStatus: 200,
          inquiryStatus: "success",
          order: { invoice_number: "INV-EX", amount: 7000 },
          signatureValid: true,
          customerCanPay: true,
          problems: [],
        },
      ],
    });
  });

  it("names each missing or empty flag", async () => {
    expect((await run(["simulate", "inquiry", "--url", `${app.url}/i`, "--payment-code", "1"])).err).toBe(
      "express-doku: --client-id is required; see express-doku --help\n",
    );
    expect((await run(["simulate", "inquiry", "--client-id", "", "--url", "x", "--payment-code", "1"])).err).toBe(
      "express-doku: --client-id is required; see express-doku --help\n",
    );
    expect((await run(["simulate", "inquiry", "--client-id", CLIENT, "--url", `${app.url}/i`])).err).toBe(
      "express-doku: --payment-code is required; see express-doku --help\n",
    );
    const noInvoice = await run([
      "simulate",
      "notify",
      "--client-id",
      CLIENT,
      "--url",
      `${app.url}/n`,
      "--payment-code",
      "1",
      "--amount",
      "5",
    ]);
    expect([noInvoice.code, noInvoice.err]).toEqual([
      2,
      "express-doku: --invoice is required; see express-doku --help\n",
    ]);
  });

  it("takes the secret key from the environment, or from --secret-key with a warning", async () => {
    delete process.env.DOKU_SECRET_KEY;
    const none = await run(inquiry("/i"));
    expect([none.code, none.err]).toEqual([
      2,
      "express-doku: no secret key: set DOKU_SECRET_KEY to the app's secret key (or pass --secret-key)\n",
    ]);
    process.env.DOKU_SECRET_KEY = "";
    expect((await run(inquiry("/i"))).code).toBe(2);
    const flagged = await run(inquiry("/i", "--secret-key", SECRET));
    expect([flagged.code, flagged.err]).toEqual([
      0,
      "warning: --secret-key lands in your shell history; prefer DOKU_SECRET_KEY\n",
    ]);
    process.env.DOKU_SECRET_KEY = "SK-WRONG";
    expect((await run(inquiry("/i", "--secret-key", SECRET))).code).toBe(0);
    expect((await run(inquiry("/i", "--secret-key", ""))).code).toBe(2);
  });

  it("refuses a timeout or amount that is not positive", async () => {
    // 2147484 s is past what a timer can wait: it would fire at once.
    for (const timeout of ["0", "-1", "soon", "2147484"]) {
      expect((await run(inquiry("/i", `--timeout=${timeout}`))).err).toBe(
        "express-doku: --timeout takes a number of seconds above 0, at most 2147483\n",
      );
    }
    expect((await run(inquiry("/i", "--timeout", "0.5"))).code).toBe(0);
    for (const amount of ["0", "-5", "1.5"]) {
      expect((await run(notify("/n", `--amount=${amount}`))).err).toBe(
        "express-doku: --amount takes a whole number of rupiah\n",
      );
    }
  });

  it("sends the notification as told: SUCCESS unless --status FAILED", async () => {
    expect((await run(notify("/n", "--amount", "5"))).code).toBe(0);
    expect((await run(notify("/n", "--amount", "6", "--status", "FAILED"))).code).toBe(0);
    expect(received).toEqual([
      { invoice: "INV-N", amount: 5, status: "SUCCESS" },
      { invoice: "INV-N", amount: 6, status: "FAILED" },
    ]);
    expect((await run(notify("/n", "--amount", "6", "--status", "success"))).err).toBe(
      "express-doku: --status is one of SUCCESS, FAILED, PENDING, EXPIRED, REFUNDED, TIMEOUT; got success\n",
    );
  });

  it("reports a CLI error in JSON on stdout as well as on stderr", async () => {
    const result = await run(inquiry("/i", "--timeout", "0", "--json"));
    expect(result).toEqual({
      code: 2,
      out: '{"ok":false,"error":"--timeout takes a number of seconds above 0, at most 2147483"}\n',
      err: "express-doku: --timeout takes a number of seconds above 0, at most 2147483\n",
    });
    expect((await run(inquiry("/i", "--timeout", "0"))).out).toBe("");
  });
});

describe("what the simulator tells about an app", () => {
  it("a URL that is not one, an app that hangs, a port nobody listens on", async () => {
    expect(
      (await run(["simulate", "inquiry", "--client-id", CLIENT, "--url", "127.0.0.1:3000/i", "--payment-code", "1"]))
        .err,
    ).toBe(
      "express-doku: 127.0.0.1:3000/i is not a URL; give the full address, e.g. http://127.0.0.1:3000/doku/inquiry\n",
    );
    expect((await run(inquiry("/hang", "--timeout", "0.2"))).err).toBe(
      `express-doku: ${app.url}/hang did not answer within 200 ms; is the app stuck, or raise --timeout\n`,
    );
    const closed = await listen(express());
    await closed.close();
    expect(
      (await run(["simulate", "inquiry", "--client-id", CLIENT, "--url", `${closed.url}/i`, "--payment-code", "1"]))
        .err,
    ).toBe(`express-doku: cannot reach ${closed.url}/i (ECONNREFUSED); is the app running and the port right?\n`);
    // A port fetch refuses to call at all.
    expect(
      (
        await run([
          "simulate",
          "inquiry",
          "--client-id",
          CLIENT,
          "--url",
          "http://127.0.0.1:1/i",
          "--payment-code",
          "1",
        ])
      ).err,
    ).toBe("express-doku: cannot reach http://127.0.0.1:1/i (bad port); is the app running and the port right?\n");
  });

  it("an answer that is not JSON, with a one-line preview: a page, most likely, at a wrong URL", async () => {
    expect(await run(inquiry("/not-json"))).toEqual({
      code: 2,
      out: "",
      err: `express-doku: the answer (HTTP 200) is not JSON: "<html> <body> ${"x".repeat(43)}"; is the URL the DOKU route, not a page?\n`,
    });
  });

  it.each([
    ["/json-null", "null", "null"],
    ["/json-number", "a number", "5"],
    ["/json-array", "an array", '[{"online_to_offline_inquiry":{"status":"success"}}]'],
  ])("an answer in JSON that is not an object (%s): the app's wrong answer, what it is", async (path, kind, text) => {
    const problem = `the answer (HTTP 200) is JSON but not an object (${kind}): "${text}"; DOKU reads an object with online_to_offline_inquiry.status`;
    const json = await run(inquiry(path, "--json"));
    expect(json).toMatchObject({ code: 1, err: "" });
    expect(JSON.parse(json.out)).toMatchObject({
      ok: false,
      customerCanPay: false,
      steps: [{ kind: "inquiry", httpStatus: 200, problems: [problem] }],
    });
    const printed = await run(inquiry(path));
    expect(printed.code).toBe(1);
    expect(printed.out).toContain(`\n  HTTP 200\n  ✗ ${problem}`);
  });

  it("an answer whose signature does not verify, or that says ours did not", async () => {
    const bad = await run(inquiry("/bad-signature", "--json"));
    const [step] = JSON.parse(bad.out).steps as Step[];
    expect(bad.code).toBe(1);
    expect(step).toMatchObject({
      inquiryStatus: "success",
      order: { invoice_number: "INV-B", amount: 5 },
      signatureValid: false,
    });
    expect(step?.problems).toEqual([
      expect.stringMatching(/^the answer's signature does not verify \(bad_signature\): Signature does not match/),
    ]);
    const refused = await run(inquiry("/refused", "--json"));
    expect((JSON.parse(refused.out).steps as Step[])[0]).toEqual({
      kind: "inquiry",
      url: `${app.url}/refused`,
      requestId: expect.any(String),
      httpStatus: 401,
      inquiryStatus: "invalid_signature",
      customerCanPay: false,
      problems: [
        "the app refused our signature: the secret key or Client-Id here differs from the app's, or the app verifies another path (mount prefix, proxy)",
      ],
    });
  });

  it("an answer without a status", async () => {
    const result = await run(inquiry("/no-status", "--json"));
    const [step] = JSON.parse(result.out).steps as Step[];
    expect(step).toMatchObject({
      httpStatus: 200,
      order: { invoice_number: "I", amount: 1 },
      problems: ["online_to_offline_inquiry.status is undefined, not one of DOKU's statuses"],
    });
    expect(step && "inquiryStatus" in step).toBe(false);
  });

  it("a notification answered outside 2xx, which DOKU retries", async () => {
    const status = async (path: string) =>
      (JSON.parse((await run(notify(path, "--amount", "5", "--json"))).out).steps as Step[])[0]?.problems;
    expect(await status("/n299")).toEqual([]);
    expect(await status("/n204")).toEqual([]);
    expect(await status("/n300")).toEqual([
      "the answer is a redirect, HTTP 300 with no Location: DOKU does not follow redirects and would retry this " +
        "notification in 30 minutes; give DOKU the final URL (https, the exact path and trailing slash), or stop the " +
        "server redirecting POSTs",
    ]);
  });

  it("pays only what the inquiry offered, and stops at the first problem", async () => {
    const paid = await run(pay("/i", "--json"));
    expect(paid.code).toBe(0);
    expect(received).toEqual([{ invoice: "INV-EX", amount: 7000, status: "SUCCESS" }]);
    const [first, second] = JSON.parse(paid.out).steps as Step[];
    expect(second).toMatchObject({ kind: "notification", httpStatus: 200, problems: [] });
    expect(first?.kind).toBe("inquiry");

    const noOrder = await run(pay("/no-order", "--json"));
    expect(JSON.parse(noOrder.out).steps).toEqual([
      expect.objectContaining({
        inquiryStatus: "success",
        problems: ["a success answer without order.invoice_number and a numeric order.amount"],
      }),
    ]);
    const refusedNotification = await run([
      "simulate",
      "pay",
      "--client-id",
      CLIENT,
      "--inquiry-url",
      `${app.url}/i`,
      "--notify-url",
      `${app.url}/n300`,
      "--payment-code",
      "1",
      "--json",
    ]);
    expect(refusedNotification.code).toBe(1);
    expect((JSON.parse(refusedNotification.out).steps as Step[]).map((s) => s.problems.length)).toEqual([0, 1]);
    const bad = await run(pay("/bad-signature", "--json"));
    const steps = JSON.parse(bad.out).steps as Step[];
    expect(steps).toHaveLength(1);
    expect(steps[0]?.problems).toHaveLength(1);
    expect(received).toHaveLength(1);
  });
});
