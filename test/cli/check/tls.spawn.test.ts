import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

import { observeForSecrets } from "../../support/example-process";
import { describeOnce } from "../../support/skips";
import { argsFor, idsWith, runCheckCli } from "./check-cli";
import { type HandWrittenMerchant, HW_SECRET, startHandWrittenMerchant } from "./hand-written-merchant";

// https URLs: the certificate must be one Node's default trust store accepts. A self-signed one,
// made here with openssl, is refused by name; the same one added to the trust store
// (NODE_EXTRA_CA_CERTS, read when Node starts: hence a child process) passes.
// Loads no Express: run in the express5 project only.
describeOnce("the go-live check over TLS", () => {
  const ROOT = resolve(__dirname, "../../..");
  let dir: string;
  let shop: HandWrittenMerchant;
  let certPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "express-doku-tls-"));
    certPath = join(dir, "cert.pem");
    const keyPath = join(dir, "key.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyPath,
        "-out",
        certPath,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    shop = await startHandWrittenMerchant(
      {},
      { key: readFileSync(keyPath, "utf8"), cert: readFileSync(certPath, "utf8") },
    );
  });

  afterAll(async () => {
    await shop.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const args = () => argsFor(shop, "--json");

  it("a self-signed certificate fails both TLS checks by name, and nothing else is sent; exit 1", async () => {
    const run = await runCheckCli(args(), HW_SECRET);
    expect(run.code).toBe(1);
    expect(idsWith(run, "failed")).toEqual(["inquiry-url-tls", "notify-url-tls"]);
    expect(JSON.parse(run.out).checks[0]).toMatchObject({
      id: "inquiry-url-tls",
      details: [
        expect.stringMatching(/^127\.0\.0\.1:\d+: the certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/),
      ],
      fix: expect.stringContaining("public CA"),
    });
    expect(shop.received).toEqual([]);
    expect(idsWith(run, "passed")).toEqual([]);
  });

  it("a certificate the trust store accepts passes, and every check runs over TLS; exit 0", async () => {
    const cli = [join(ROOT, "node_modules/ts-node/dist/bin.js"), "--transpile-only", join(ROOT, "src/cli/main.ts")];
    let stdout: string;
    let code = 0;
    try {
      ({ stdout } = await promisify(execFile)(process.execPath, [...cli, "check", ...args()], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, DOKU_SECRET_KEY: HW_SECRET, NODE_EXTRA_CA_CERTS: certPath },
        timeout: 60_000,
      }));
    } catch (error) {
      ({ stdout, code } = error as { stdout: string; code: number });
    }
    observeForSecrets(stdout);
    const checks = (JSON.parse(stdout) as { checks: { id: string; status: string; details: string[] }[] }).checks;
    expect(checks.filter((c) => c.status === "failed")).toEqual([]);
    expect(code).toBe(0);
    expect(checks[0]).toMatchObject({
      id: "inquiry-url-tls",
      status: "passed",
      details: [expect.stringMatching(/^127\.0\.0\.1:\d+: TLSv1\.[23], valid until /)],
    });
    expect(shop.received.length).toBeGreaterThan(10);
  }, 90_000);
});
