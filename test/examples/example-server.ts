import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

import { observeForSecrets } from "../support/example-process";

const ROOT = resolve(__dirname, "../..");
export const CLIENT_ID = "MCH-0001-EXAMPLES-TEST";
export const SECRET = "SK-EXAMPLES-TEST";

export interface ExampleServer {
  url: string;
  /** What the example printed so far, one JSON object per line (both log JSON lines). */
  lines(): Record<string, unknown>[];
  stop(): Promise<void>;
}

/** `node examples/<name>/server.mjs` as a merchant runs it, on a free port of 127.0.0.1, with the given keys. */
export async function startExampleServer(name: string): Promise<ExampleServer> {
  const child: ChildProcess = spawn(process.execPath, [resolve(ROOT, "examples", name, "server.mjs")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: "0", HOST: "127.0.0.1", DOKU_CLIENT_ID: CLIENT_ID, DOKU_SECRET_KEY: SECRET },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let output = "";
  child.stdout?.on("data", (c: Buffer) => {
    stdout += c.toString();
    output += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`examples/${name} did not start:\n${output}`)), 15_000);
    child.stdout?.on("data", () => {
      const m = /DOKU calls (http:\/\/127\.0\.0\.1:\d+)\/doku\/inquiry/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        done(m[1] as string);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`examples/${name} exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    lines: () =>
      stdout
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () =>
      new Promise<void>((done) => {
        observeForSecrets(output);
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}

/** The example started with the given variables only, expected to stop: its exit code and what it printed. */
export function runExampleToExit(
  name: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(ROOT, "examples", name, "server.mjs")], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      observeForSecrets(output);
      done({ code, output });
    });
  });
}
