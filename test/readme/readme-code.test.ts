/* eslint-disable @typescript-eslint/no-implied-eval -- this file runs the README's own code blocks, compiled */
import { dirname, resolve } from "node:path";

import express from "express";
import { Redis } from "ioredis";
import request from "supertest";
import ts from "typescript";

import * as expressDoku from "../../src";
import * as emulatorEntry from "../../src/emulator";
import * as testingKit from "../../src/testing";
import { describeUnless } from "../support/skips";
import { block, documentationBlocks, fileBlock, fileNameOf, ROOT } from "./readme-blocks";

// The documentation's code, read from the markdown itself (the README, the guides, the example's
// manual, docs/): every JavaScript and TypeScript block compiles under strict against the
// package's types, and the blocks a merchant copies into an app run.

const PRELUDE = resolve(ROOT, "test/readme/prelude.d.ts");

/**
 * A TypeScript block as a module: its imports on top, the rest in an async function (the blocks
 * use await), then `epilogue` (what a test reads back).
 */
function wrapped(code: string, epilogue = ""): string {
  const lines = code.split("\n");
  const isImport = (l: string) => l.startsWith("import ");
  return `${lines.filter(isImport).join("\n")}\nexport async function snippet() {\n${lines.filter((l) => !isImport(l)).join("\n")}\n${epilogue}}\n`;
}

const slugOf = (text: string) => text.replace(/\W+/g, "-").toLowerCase();

function diagnostics(files: Record<string, string>): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    allowJs: true,
    checkJs: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    resolveJsonModule: true,
    types: ["node", "jest"],
    skipLibCheck: true,
    noEmit: true,
    baseUrl: ROOT,
    paths: {
      "express-doku": ["src/index.ts"],
      "express-doku/fetch": ["src/fetch/index.ts"],
      "express-doku/fastify": ["src/fastify/index.ts"],
      "express-doku/postgres": ["src/postgres/index.ts"],
      "express-doku/sqlite": ["src/sqlite/index.ts"],
      "express-doku/mysql": ["src/mysql/index.ts"],
      "express-doku/knex": ["src/knex/index.ts"],
      "express-doku/kysely": ["src/kysely/index.ts"],
      "express-doku/drizzle": ["src/drizzle/index.ts"],
      "express-doku/prometheus": ["src/prometheus/index.ts"],
      "express-doku/otel": ["src/otel/index.ts"],
      "express-doku/testing": ["src/testing/index.ts"],
      "express-doku/emulator": ["src/emulator/index.ts"],
      // An app on NestJS has one Fastify, the version @nestjs/platform-fastify pins (this repository has two).
      fastify: ["node_modules/@nestjs/platform-fastify/node_modules/fastify"],
    },
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => files[name] ?? read(name);
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name in files || exists(name);
  // The folder a section's named files stand in exists only here.
  const folders = new Set(Object.keys(files).map((name) => dirname(name)));
  const isFolder = host.directoryExists?.bind(host);
  host.directoryExists = (name) => folders.has(name) || (isFolder?.(name) ?? true);
  const program = ts.createProgram([...Object.keys(files), PRELUDE], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName.replace(ROOT, "") ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

it("compiles every JavaScript and TypeScript block under strict", () => {
  const code = documentationBlocks().filter((b) => b.lang === "js" || b.lang === "ts");
  expect(code.filter((b) => b.file === "README.md").length).toBeGreaterThanOrEqual(10);
  expect(code.filter((b) => b.file === "docs/emulator.md").length).toBeGreaterThanOrEqual(1);
  // A section's other TypeScript blocks go on from one another (Calling DOKU): one file per section.
  // A block whose first line names its file (`// app.ts`) is that module, beside the section's other named files.
  const files: Record<string, string> = {};
  const snippets = new Set<string>();
  code.forEach((b, i) => {
    const own = fileNameOf(b.code);
    if (own !== undefined) files[resolve(ROOT, `test/readme/${slugOf(b.file)}--${slugOf(b.section)}/${own}`)] = b.code;
    else if (b.lang === "js") files[resolve(ROOT, `test/readme/${slugOf(b.file)}-block-${i}.js`)] = b.code;
    else {
      const name = resolve(ROOT, `test/readme/${slugOf(b.file)}--${slugOf(b.section)}.ts`);
      files[name] = `${files[name] ?? ""}${b.code}\n`;
      snippets.add(name);
    }
  });
  for (const name of snippets) files[name] = wrapped(files[name] as string);
  expect(diagnostics(files)).toEqual([]);
}, 60_000);

it("parses every JSON block", () => {
  const json = documentationBlocks().filter((b) => b.lang === "json");
  expect(json.length).toBeGreaterThanOrEqual(2);
  for (const b of json) expect(() => JSON.parse(b.code) as unknown).not.toThrow();
});

// ---- running them ----

const CLIENT = { DOKU_CLIENT_ID: "MCH-TEST", DOKU_SECRET_KEY: "SK-TEST" };
const modules: Record<string, unknown> = {
  express,
  "express-doku": expressDoku,
  "express-doku/testing": testingKit,
  "express-doku/emulator": emulatorEntry,
};
const fakeRequire = (name: string) => {
  if (!(name in modules))
    throw new Error(`the documentation's block requires ${name}, which this test does not provide`);
  return modules[name];
};

/** A TypeScript block, compiled to CommonJS and run: resolves with what `epilogue` returns. */
async function runTs(code: string, epilogue: string): Promise<unknown> {
  const js = ts.transpileModule(wrapped(code, epilogue), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const exports: { snippet?: () => Promise<unknown> } = {};
  new Function("require", "exports", js)(fakeRequire, exports);
  return (exports.snippet as () => Promise<unknown>)();
}

/** The merchant's database and logger the blocks call, in memory. */
function shop() {
  const bills = new Map<
    string,
    { invoice: string; amount: number; customerName: string; paid: boolean; expiresAt: number }
  >();
  const paid: string[] = [];
  const warned: object[] = [];
  const add = (
    code: string,
    invoice: string,
    amount: number,
    extra: Partial<{ paid: boolean; expiresAt: number }> = {},
  ) =>
    bills.set(code, { invoice, amount, customerName: "Ani", paid: false, expiresAt: Date.now() + 3_600_000, ...extra });
  const db = {
    findBill: async (code: string) => bills.get(code),
    findBillByInvoice: async (invoice: string) => [...bills.values()].find((b) => b.invoice === invoice),
    markPaid: async (invoice: string) => void paid.push(invoice),
    transaction: async (work: (tx: object) => Promise<void>) =>
      work({
        orders: {
          forUpdate: async (invoice: string) => {
            const bill = [...bills.values()].find((b) => b.invoice === invoice);
            return bill && { invoice: bill.invoice, amount: bill.amount, paidAt: bill.paid ? new Date() : null };
          },
          markPaid: async (invoice: string) => void paid.push(invoice),
        },
      }),
  };
  const logger = {
    info: () => undefined,
    warn: (line: object) => void warned.push(line),
    error: (line: object) => void warned.push(line),
  };
  return { db, logger, add, paid, warned };
}

/** The README's opening block, run as a merchant's app: its `app` is what it builds. */
function mountingApp(env: Record<string, string | undefined>, s: ReturnType<typeof shop>): express.Express {
  const run = new Function("require", "process", "db", "logger", `${block("express-doku", "js")}\nreturn app;`);
  return run(fakeRequire, { env }, s.db, s.logger) as express.Express;
}

describe("the README's first block, mounted", () => {
  const s = shop();
  s.add("8896512345678123", "INV-1", 150_000);
  s.add("8896000000000002", "INV-PAID", 5_000, { paid: true });
  s.add("8896000000000003", "INV-OLD", 5_000, { expiresAt: Date.now() - 1 });
  const app = mountingApp(CLIENT, s);
  const notify = (invoiceNumber: string, amount: number, status: "SUCCESS" | "FAILED") =>
    testingKit.dokuNotification(app, {
      path: "/doku/notify",
      clientId: "MCH-TEST",
      secretKey: "SK-TEST",
      invoiceNumber,
      amount,
      status,
      paymentCode: "8896512345678123",
    });

  it("refuses to start without its variables, naming the one missing", () => {
    expect(() => mountingApp({ DOKU_CLIENT_ID: "MCH-TEST" }, shop())).toThrow(
      "set DOKU_SECRET_KEY to the value from DOKU's Back Office",
    );
  });

  it("answers inquiries: success, already paid, expired, not found", async () => {
    const ask = (paymentCode: string) =>
      testingKit.dokuInquiry(app, { path: "/doku/inquiry", clientId: "MCH-TEST", secretKey: "SK-TEST", paymentCode });
    expect((await ask("8896512345678123")).body.online_to_offline_inquiry.status).toBe("success");
    expect((await ask("8896000000000002")).body.online_to_offline_inquiry.status).toBe("billing_already_paid");
    expect((await ask("8896000000000003")).body.online_to_offline_inquiry.status).toBe("billing_was_expired");
    expect((await ask("1")).status).toBe(404);
  });

  it("pays nothing for a FAILED payment, refuses another amount, and answers 200 for an invoice it does not know", async () => {
    expect((await notify("INV-1", 1, "FAILED")).status).toBe(200);
    expect((await notify("INV-1", 1, "SUCCESS")).status).toBe(500);
    expect((await notify("INV-NOT-OURS", 150_000, "SUCCESS")).status).toBe(200);
    expect(s.paid).toEqual([]);
    expect(s.warned).toContainEqual(expect.objectContaining({ reason: "unknown_invoice", invoice: "INV-NOT-OURS" }));
    expect((await notify("INV-1", 150_000, "SUCCESS")).status).toBe(200);
    expect(s.paid).toEqual(["INV-1"]);
  });

  it("logs every event through onEvent", () => {
    expect(s.warned.some((line) => (line as { router?: string }).router === "notification")).toBe(true);
  });
});

describe("the README's testing section: its app.ts, its Jest setup file and its test file, as Jest runs them", () => {
  const section = "Testing your integration";
  const compiled = (name: string) =>
    ts.transpileModule(fileBlock(section, name), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
  const paid: string[] = [];
  const lookupPaymentCode: expressDoku.LookupPaymentCode = (code) =>
    code === "8896512345678123"
      ? { status: "success", order: { invoice_number: "INV-1", amount: 150_000 }, customer: { name: "Ani" } }
      : { status: "billing_not_found" };
  const onPayment: expressDoku.OnPayment = (notification) => void paid.push(notification.order.invoice_number);
  const onEvent = () => undefined;

  /** app.ts, loaded as a module, in a process whose environment is `env`. */
  const loadApp = (process: { env: Record<string, string | undefined> }) => {
    const exports = {};
    new Function("require", "exports", "process", "lookupPaymentCode", "onPayment", "onEvent", compiled("app.ts"))(
      fakeRequire,
      exports,
      process,
      lookupPaymentCode,
      onPayment,
      onEvent,
    );
    return exports;
  };

  it("installs supertest, and @types/supertest for TypeScript", () => {
    expect(block(section, "sh")).toMatch(/npm install --save-dev supertest @types\/supertest/);
  });

  it("app.ts refuses to load before the environment is set, naming the option", () => {
    expect(() => loadApp({ env: {} })).toThrow(/clientId/);
  });

  // Jest's order: the setup file first, then the test file, whose import of ./app loads app.ts.
  const processOfTests = { env: {} };
  new Function("process", fileBlock(section, "test-env.js"))(processOfTests);
  let app: object | undefined;
  const requireOfTest = (name: string) => (name === "./app" ? (app ??= loadApp(processOfTests)) : fakeRequire(name));
  new Function("require", "exports", "it", "expect", compiled("app.test.ts"))(requireOfTest, {}, it, expect);

  it("ran the test file against app.ts: its notification reached onPayment", () => {
    expect(paid).toEqual(["INV-1"]);
  });
});

it("the README's longer notification block: unknown invoice 200, another amount 500, once paid", async () => {
  const s = shop();
  s.add("8896512345678123", "INV-2", 7_000);
  const app = express();
  const clients = [{ clientId: "MCH-TEST", secretKeys: ["SK-TEST"] }];
  const reasons: string[] = [];
  new Function(
    "app",
    "clients",
    "createNotificationRouter",
    "db",
    "logger",
    "onEvent",
    block("Payment notifications", "js"),
  )(app, clients, expressDoku.createNotificationRouter, s.db, s.logger, (e: expressDoku.DokuEvent) =>
    reasons.push(e.reason),
  );
  const notify = (invoiceNumber: string, amount: number) =>
    testingKit.dokuNotification(app, {
      path: "/doku/notify",
      clientId: "MCH-TEST",
      secretKey: "SK-TEST",
      invoiceNumber,
      amount,
    });
  expect((await notify("INV-NOT-OURS", 7_000)).status).toBe(200);
  expect((await notify("INV-2", 1)).status).toBe(500);
  expect((await notify("INV-2", 7_000)).status).toBe(200);
  expect(s.paid).toEqual(["INV-2"]);
  expect(reasons).toEqual(["handled", "handler_error", "handled"]);
});

it.each([0, 1])("the README's body-parser block %i: the router gets the exact bytes", async (index) => {
  const app = express();
  const reasons: string[] = [];
  new Function(
    "app",
    "express",
    "createInquiryRouter",
    "clients",
    "lookupPaymentCode",
    "onEvent",
    block("Body parsers mounted before the routers", "js", index),
  )(
    app,
    express,
    expressDoku.createInquiryRouter,
    [{ clientId: "MCH-TEST", secretKeys: ["SK-TEST"] }],
    () => ({ status: "billing_not_found" }),
    (e: expressDoku.DokuEvent) => reasons.push(e.reason),
  );
  const s = testingKit.signDokuRequest({
    clientId: "MCH-TEST",
    secretKey: "SK-TEST",
    requestTarget: "/doku/inquiry",
    body: testingKit.buildInquiryBody(),
  });
  expect((await request(app).post("/doku/inquiry").set(s.headers).send(s.body)).status).toBe(404);
  expect(reasons).toEqual(["resolved"]);
});

describeUnless(
  process.env.REDIS_URL ? undefined : "the README's Redis block was not run: no REDIS_URL (.ci/run sets it)",
)("the README's Redis block", () => {
  it("mounts both routers on a store, with the error listener and onEvent", async () => {
    const app = express();
    const events: unknown[] = [];
    const client = new Function(
      "require",
      "process",
      "app",
      "clients",
      "lookupPaymentCode",
      "onPayment",
      "onEvent",
      "logger",
      `${block("Running on several machines", "js")}\nreturn client;`,
    )(
      (name: string) => (name === "ioredis" ? { Redis } : fakeRequire(name)),
      { env: { REDIS_URL: process.env.REDIS_URL } },
      app,
      [{ clientId: "MCH-TEST", secretKeys: ["SK-TEST"] }],
      () => ({ status: "billing_not_found" }),
      () => undefined,
      (e: unknown) => events.push(e),
      shop().logger,
    ) as InstanceType<typeof Redis>;
    try {
      expect(client.listenerCount("error")).toBe(1);
      const res = await testingKit.dokuInquiry(app, {
        path: "/doku/inquiry",
        clientId: "MCH-TEST",
        secretKey: "SK-TEST",
        paymentCode: "1",
      });
      expect(res.status).toBe(404);
      expect(events).toHaveLength(1);
    } finally {
      client.disconnect();
    }
  });
});

it("docs/emulator.md's faults block: a lost create answer, retried under the same Request-Id, comes back as a 409 replay", async () => {
  const code = block("Faults on demand", "ts", 0, "docs/emulator.md");
  const seen = await runTs(
    code,
    'return { replayed: created.replayed, creates: emulator.calls().calls.filter((call) => call.kind === "create").map((call) => call.requestId) };\n',
  );
  const { replayed, creates } = seen as { replayed: boolean; creates: string[] };
  expect(replayed).toBe(true);
  expect(creates).toHaveLength(2);
  expect(new Set(creates).size).toBe(1);
}, 20_000);
