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

/** test/inbox/inbox-app.js in a process of its own, on a free port of 127.0.0.1. */
export async function startInboxApp(env: Record<string, string>): Promise<InboxApp> {
  const child: ChildProcess = spawn(process.execPath, [resolve(__dirname, "inbox-app.js")], {
    env: { PATH: process.env.PATH, CLIENT_ID, SECRET, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const events: DokuEvent[] = [];
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    observeForSecrets(text);
    output += text;
    partial += text;
    const lines = partial.split("\n");
    partial = lines.pop() as string;
    for (const line of lines) {
      const parsed = JSON.parse(line) as { event?: DokuEvent };
      if (parsed.event) events.push(parsed.event);
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the inbox app did not start:\n${output}`)), 20_000);
    const look = () => {
      const m = /\{"port":(\d+)\}/.exec(output);
      if (m) {
        clearTimeout(timer);
        done(Number(m[1]));
      }
    };
    child.stdout?.on("data", look);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`the inbox app exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    events: () => events,
    output: () => output,
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
