import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

import { CHECK_IDS, CHECKS } from "../../../src/cli/check/check-catalog";
import { runCheckCli } from "./check-cli";

const DOC = readFileSync(join(__dirname, "../../../docs/go-live-check.md"), "utf8");
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

it("docs/go-live-check.md names every check, with what DOKU does and the fix the CLI prints", () => {
  for (const id of CHECK_IDS) {
    expect(DOC).toContain(`#### \`${id}\``);
    expect(DOC).toContain(`**What DOKU does when it fails:** ${capital(CHECKS[id].doku)}.`);
    expect(DOC).toContain(`**How to fix it:** ${capital(CHECKS[id].fix)}.`);
  }
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const base = (inquiry: string, notify: string) => [
  "--inquiry-url",
  inquiry,
  "--notify-url",
  notify,
  "--client-id",
  "MCH-1",
  "--payable",
  "8896500000000001",
  "--spacing-ms",
  "0",
];

describe("usage and connection errors: one line, exit 2", () => {
  it.each([
    [["--inquiry-url", "http://127.0.0.1:1/i", "--client-id", "MCH-1", "--payable", "1"], "--notify-url is required"],
    [[...base("http://127.0.0.1:1/i", "http://127.0.0.1:1/n").slice(0, 6)], "--payable is required"],
    [[...base("not a url", "http://127.0.0.1:1/n")], "--inquiry-url not a url is not a URL"],
    [[...base("ftp://127.0.0.1/i", "http://127.0.0.1:1/n")], "--inquiry-url takes an http(s) URL"],
    [
      [...base("http://127.0.0.1:1/i", "http://127.0.0.1:1/n"), "--paid", "12ab"],
      "--paid takes a payment code of 1 to 20 digits",
    ],
    [[...base("http://127.0.0.1:1/i", "http://127.0.0.1:1/n"), "--budget-ms", "0"], "--budget-ms takes a whole number"],
  ])("%j", async (argv, message) => {
    const run = await runCheckCli(argv, "SK-USAGE-TEST");
    expect(run.code).toBe(2);
    expect(run.err).toContain(message);
  });

  it("without a secret key", async () => {
    const run = await runCheckCli(base("http://127.0.0.1:1/i", "http://127.0.0.1:1/n"), "");
    expect(run).toMatchObject({ code: 2, err: expect.stringContaining("no secret key: set DOKU_SECRET_KEY") });
  });

  it.each(["http", "https"])("an %s URL nothing answers", async (scheme) => {
    const port = await closedPort();
    const run = await runCheckCli(
      [...base(`${scheme}://127.0.0.1:${port}/i`, `${scheme}://127.0.0.1:${port}/n`), "--json"],
      "SK-USAGE-TEST",
    );
    expect(run.code).toBe(2);
    expect(run.err).toContain(`cannot reach ${scheme}://127.0.0.1:${port}/i (ECONNREFUSED)`);
    expect(JSON.parse(run.out)).toMatchObject({ ok: false, error: expect.stringContaining("cannot reach") });
  });

  it("is in --help", async () => {
    const run = await runCheckCli(["--help"], "SK-USAGE-TEST");
    expect(run.out).toContain("express-doku check --inquiry-url URL --notify-url URL --client-id ID --payable CODE");
  });
});
