import { type ChildProcess, spawn } from "node:child_process";
import { type OutgoingHttpHeaders, request } from "node:http";
import { resolve } from "node:path";

import { signDokuRequest } from "../../src/testing";
import { observeForSecrets } from "../support/example-process";

// A 10 MB body at the fetch inquiry handler behind Node's http server, measured in the server's
// own process: a handler that held the body would grow its RSS by 10 MB or more.
jest.setTimeout(60_000);

const ROOT = resolve(__dirname, "../..");
const CLIENT_ID = "MCH-LARGE-BODY";
const SECRET = "SK-LARGE-BODY-TEST";
const PATH = "/doku/inquiry";
const TEN_MB = 10 * 1024 * 1024;
const MB = 1024 * 1024;
/** Well under the 10 MB a held body costs, well over what the bridge's 64 KiB reads and the answer cost. */
const BOUND = 5 * MB;

interface Measured {
  afterGc: number;
  atAnswer: number[];
  reasons: string[];
}

interface Server {
  url: string;
  /** The server's next IPC message that has `key`. */
  reply<T>(key: string): Promise<T>;
  send(message: string): void;
  stop(): Promise<void>;
}

/** The server in a fresh process for each body: memory one body left with the allocator would hide the next's. */
async function startServer(): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--expose-gc", "-r", "ts-node/register/transpile-only", resolve(__dirname, "large-body-app.ts")],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, TS_NODE_PROJECT: resolve(ROOT, "tsconfig.json"), CLIENT_ID, SECRET },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const reply = <T>(key: string) =>
    new Promise<T>((done, fail) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (!(key in message)) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        done(message as T);
      };
      const onExit = (code: number | null) => fail(new Error(`the server exited with ${code}:\n${stderr}`));
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const { port } = await reply<{ port: number }>("port");
  return {
    url: `http://127.0.0.1:${port}`,
    reply,
    send: (message) => child.send(message),
    stop: () =>
      new Promise((done) => {
        child.once("exit", () => {
          observeForSecrets(stderr);
          done();
        });
        child.kill("SIGTERM");
      }),
  };
}

/**
 * POSTs `body` in 64 KiB writes, each after the last drained, and stops writing once the answer
 * comes: with a Content-Length, or chunked without one.
 */
function post(url: string, body: Buffer, headers: OutgoingHttpHeaders, chunked: boolean): Promise<number> {
  return new Promise((done, fail) => {
    let sent = 0;
    let answered = false;
    const req = request(url + PATH, {
      method: "POST",
      agent: false,
      headers: chunked ? headers : { ...headers, "Content-Length": body.length },
    });
    req.on("response", (res) => {
      answered = true;
      res.resume();
      res.on("end", () => {
        done(res.statusCode as number);
        req.destroy();
      });
    });
    // The server may close the connection on a body it refused while the rest is still being written.
    req.on("error", (error) => {
      if (!answered) fail(error);
    });
    const write = () => {
      while (sent < body.length && !answered) {
        const chunk = body.subarray(sent, sent + 64 * 1024);
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", write);
          return;
        }
      }
      if (!answered) req.end();
    };
    write();
  });
}

/** Sends a signed 10 MB inquiry and gives its status with the server's RSS growth around it. */
async function sendTenMegabytes(chunked: boolean) {
  const padding = "x".repeat(TEN_MB - '{"padding":""}'.length);
  const s = signDokuRequest({
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: PATH,
    body: { padding },
  });
  expect(s.bytes.length).toBe(TEN_MB);
  const server = await startServer();
  try {
    server.send("start");
    const { before } = await server.reply<{ before: number }>("before");
    const status = await post(server.url, s.bytes, s.headers, chunked);
    // Let the bridge finish with the connection (it drains what was sent after the answer) first.
    await new Promise((done) => setTimeout(done, 700));
    server.send("stop");
    const m = await server.reply<Measured>("afterGc");
    const growth = {
      atAnswer: Math.max(...m.atAnswer) - before,
      afterGc: m.afterGc - before,
    };
    return { status, growth, reasons: m.reasons };
  } finally {
    await server.stop();
  }
}

it("refuses a 10 MB body with a truthful Content-Length with 413, its RSS growing by far less", async () => {
  const { status, growth, reasons } = await sendTenMegabytes(false);
  expect(status).toBe(413);
  expect(reasons).toEqual(["body_too_large"]);
  expect(growth.atAnswer).toBeLessThan(BOUND);
  expect(growth.afterGc).toBeLessThan(BOUND);
});

it("cuts off a 10 MB chunked body with no Content-Length at the limit, its RSS growing by far less", async () => {
  const { status, growth, reasons } = await sendTenMegabytes(true);
  expect(status).toBe(413);
  expect(reasons).toEqual(["body_too_large"]);
  expect(growth.atAnswer).toBeLessThan(BOUND);
  expect(growth.afterGc).toBeLessThan(BOUND);
});
