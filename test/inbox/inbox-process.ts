import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

import type { DokuEvent } from "../../src";
import { observeForSecrets } from "../support/example-process";

export const CLIENT_ID = "MCH-INBOX-TEST";
export const SECRET = "inbox-test-secret-key";

export interface InboxApp {
  url: string;
  events(): DokuEvent[];
  output(): string;
  /** kill -9: the process dies mid-whatever, its connections cut. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Each line the child prints, parsed as JSON, to `onLine` (every line checked for a secret);
 * returns what it printed so far on stdout and stderr, for a failure's message.
 */
export function readJsonLines(child: ChildProcess, onLine: (parsed: Record<string, unknown>) => void): () => string {
  let output = "";
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    observeForSecrets(text);
    output += text;
    partial += text;
    const lines = partial.split("\n");
    partial = lines.pop() as string;
    for (const line of lines) onLine(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

/** test/inbox/inbox-app.js in a process of its own, on a free port of 127.0.0.1. */
export async function startInboxApp(env: Record<string, string>): Promise<InboxApp> {
  const child: ChildProcess = spawn(process.execPath, [resolve(__dirname, "inbox-app.js")], {
    env: { PATH: process.env.PATH, CLIENT_ID, SECRET, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: DokuEvent[] = [];
  const printed = readJsonLines(child, (parsed) => {
    if (parsed.event) events.push(parsed.event as DokuEvent);
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the inbox app did not start:\n${printed()}`)), 20_000);
    const look = () => {
      const m = /\{"port":(\d+)\}/.exec(printed());
      if (m) {
        clearTimeout(timer);
        done(Number(m[1]));
      }
    };
    child.stdout?.on("data", look);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`the inbox app exited with ${code}:\n${printed()}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    events: () => events,
    output: printed,
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
