import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// Packs the built package, installs the tarball into a fresh project, and uses it there
// the way a merchant would: with require and with import.

const root = resolve(__dirname, "../..");
let dir: string;

const run = (cmd: string, args: string[], cwd = dir) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });

const SMOKE = (load: string) => `
${load}
const http = require("node:http");
const app = express();
app.use(createInquiryRouter({
  path: "/doku/inquiry",
  clients: [{ clientId: "MCH-1", secretKeys: ["SK-1"] }],
  lookupPaymentCode: () => ({ status: "success", order: { invoice_number: "INV-1", amount: 1000 }, customer: { name: "Ani" } }),
}));
const server = app.listen(0, "127.0.0.1", () => {
  const signed = signDokuRequest({ clientId: "MCH-1", secretKey: "SK-1", requestTarget: "/doku/inquiry", body: buildInquiryBody({ paymentCode: "123" }) });
  const req = http.request({ host: "127.0.0.1", port: server.address().port, path: "/doku/inquiry", method: "POST", headers: signed.headers }, (res) => {
    let text = "";
    res.on("data", (c) => (text += c));
    res.on("end", () => {
      const check = verifyDokuResponse({ headers: res.headers, body: text, clientId: "MCH-1", secretKey: "SK-1", requestTarget: "/doku/inquiry" });
      console.log(JSON.stringify({ status: res.statusCode, valid: check.valid }));
      server.close();
    });
  });
  req.end(signed.body);
});
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "express-doku-pack-"));
  run("npm", ["pack", "--pack-destination", dir, "--silent"], root);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz")) as string;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "merchant-app", version: "1.0.0", private: true }));
  run("npm", [
    "install",
    "--no-audit",
    "--no-fund",
    "--prefer-offline",
    "--loglevel=error",
    `./${tarball}`,
    "express@^5",
  ]);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("works with require", () => {
  writeFileSync(
    join(dir, "smoke.cjs"),
    SMOKE(`
const express = require("express");
const { createInquiryRouter } = require("express-doku");
const { signDokuRequest, buildInquiryBody, verifyDokuResponse } = require("express-doku/testing");`),
  );
  expect(JSON.parse(run("node", ["smoke.cjs"]))).toEqual({ status: 200, valid: true });
});

it("works with import", () => {
  writeFileSync(
    join(dir, "smoke.mjs"),
    SMOKE(`
import express from "express";
import { createRequire } from "node:module";
import { createInquiryRouter, createNotificationRouter, createMemoryStore } from "express-doku";
import { signDokuRequest, buildInquiryBody, verifyDokuResponse } from "express-doku/testing";
if (typeof createNotificationRouter !== "function" || typeof createMemoryStore !== "function") throw new Error("missing export");
const require = createRequire(import.meta.url);`),
  );
  expect(JSON.parse(run("node", ["smoke.mjs"]))).toEqual({ status: 200, valid: true });
});

it("starts the local DOKU from express-doku/emulator, with require and with import", () => {
  const use = `
  const emulator = await startDokuEmulator({ clients: [{ clientId: "MCH-1", secretKeys: ["SK-1"] }] });
  const page = await fetch(emulator.tillUrl);
  const codes = await (await fetch(emulator.url + "/_emulator/codes")).json();
  await emulator.close();
  console.log(JSON.stringify({ page: page.status, held: codes.held }));`;
  writeFileSync(
    join(dir, "emulator.cjs"),
    `const { startDokuEmulator } = require("express-doku/emulator");\n(async () => {${use}\n})();`,
  );
  writeFileSync(join(dir, "emulator.mjs"), `import { startDokuEmulator } from "express-doku/emulator";\n${use}`);
  expect(JSON.parse(run("node", ["emulator.cjs"]))).toEqual({ page: 200, held: 0 });
  expect(JSON.parse(run("node", ["emulator.mjs"]))).toEqual({ page: 200, held: 0 });
});

it("signs and verifies from express-doku/signature, with require and with import", () => {
  const use = `
  const key = toKeyObject("SK-1");
  const components = { clientId: "MCH-1", requestId: "r-1", timestampHeader: "Request-Timestamp", timestamp: "2024-01-01T00:00:00Z", requestTarget: "/doku/inquiry", digest: digestBody(Buffer.from("{}")) };
  const signature = signComponents(components, key);
  const result = verifySignature({ headers: { clientId: "MCH-1", requestId: "r-1", timestamp: "2024-01-01T00:00:00Z", signature }, body: Buffer.from("{}"), requestTarget: "/doku/inquiry", keyring: createKeyring([{ clientId: "MCH-1", secretKeys: ["SK-1"] }]), nowMs: Date.parse("2024-01-01T00:00:00Z"), toleranceSec: 300 });
  console.log(JSON.stringify({ valid: result.valid }));`;
  const names = "{ createKeyring, digestBody, signComponents, toKeyObject, verifySignature }";
  writeFileSync(join(dir, "signature.cjs"), `const ${names} = require("express-doku/signature");\n${use}`);
  writeFileSync(join(dir, "signature.mjs"), `import ${names} from "express-doku/signature";\n${use}`);
  expect(JSON.parse(run("node", ["signature.cjs"]))).toEqual({ valid: true });
  expect(JSON.parse(run("node", ["signature.mjs"]))).toEqual({ valid: true });
});

it("ships only what it should", () => {
  const files = run("npm", ["pack", "--dry-run", "--json"], root);
  const names = (JSON.parse(files)[0].files as Array<{ path: string }>).map((f) => f.path);
  expect(names).toContain("dist/index.js");
  expect(names).toContain("dist/index.mjs");
  expect(names).toContain("dist/testing/index.d.mts");
  expect(names).toContain("dist/emulator/index.d.ts");
  expect(names).toContain("dist/signature/index.d.ts");
  expect(names).toEqual(expect.arrayContaining(["LICENSE", "README.md", "CHANGELOG.md"]));
  expect(names.some((n) => n.startsWith("src/") || n.startsWith("test/"))).toBe(false);
});
