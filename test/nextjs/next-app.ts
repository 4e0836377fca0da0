// examples/nextjs as a merchant ships it, `next build` then `next start`, in a temp dir: with the
// conformance merchant's routes added under CONFORMANCE_PREFIX, beside the example's own.
import { type ChildProcess, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve, sep } from "node:path";

import type { MerchantRecord } from "../conformance/merchant";
import { observeForSecrets } from "../support/example-process";
import { freePort } from "../support/redis-server";

const ROOT = resolve(__dirname, "../..");
export const EXAMPLE = join(ROOT, "examples/nextjs");
const NEXT_BIN = join(ROOT, "node_modules/next/dist/bin/next");
export const CONFORMANCE_PREFIX = "/conformance";

/** Linked from this repository's node_modules; TypeScript and the types too, or `next build` runs `npm install`. */
const LINKED = ["next", "react", "react-dom", "typescript", "@types/react", "@types/node"];

const CONFORMANCE_FILES: Record<string, string> = {
  "lib/conformance-instance.ts": `import { conformanceMerchant } from "./conformance-merchant";

// One merchant per server: its three routes share what it records.
export const merchant = conformanceMerchant();
`,
  "app/conformance/doku/inquiry/route.ts": `import { createInquiryHandler } from "express-doku/fetch";

import { merchant } from "../../../../lib/conformance-instance";

export const runtime = "nodejs";
export const POST = createInquiryHandler(merchant.inquiry);
`,
  "app/conformance/doku/notification/route.ts": `import { createNotificationHandler } from "express-doku/fetch";

import { merchant } from "../../../../lib/conformance-instance";

export const runtime = "nodejs";
export const POST = createNotificationHandler(merchant.notification);
`,
  "app/conformance/record/route.ts": `import { merchant } from "../../../lib/conformance-instance";

export const dynamic = "force-dynamic";
export const GET = () => Response.json(merchant.record);
`,
};

/** The deepest folder holding both paths. */
function commonAncestor(a: string, b: string): string {
  const as = a.split(sep);
  const bs = b.split(sep);
  let i = 0;
  while (i < as.length && as[i] === bs[i]) i++;
  return as.slice(0, i).join(sep) || sep;
}

/**
 * Turbopack compiles only files under its root (the folder of the nearest lockfile, here the app's
 * own): node_modules linking out of it fail with "Could not find the Next.js package". The root is
 * widened to hold the repository too; the example's own next.config.ts sets nothing.
 */
function nextConfig(root: string): string {
  const r = JSON.stringify(root);
  return `import type { NextConfig } from "next";

const nextConfig: NextConfig = { turbopack: { root: ${r} }, outputFileTracingRoot: ${r} };

export default nextConfig;
`;
}

/** The example copied with its node_modules linked to this repository and the conformance routes added. */
function prepareApp(): string {
  if (!existsSync(join(ROOT, "dist/fetch/index.mjs")) || !existsSync(join(ROOT, "dist/cli/main.js")))
    throw new Error("dist/ is missing: build the package first (npx tsup)");
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "express-doku-next-")));
  const skipped = new Set(["node_modules", ".next", "next-env.d.ts"]);
  cpSync(EXAMPLE, dir, {
    recursive: true,
    filter: (source) => !skipped.has(basename(source)) && !source.endsWith(".tsbuildinfo"),
  });
  for (const name of LINKED) {
    mkdirSync(dirname(join(dir, "node_modules", name)), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), join(dir, "node_modules", name), "dir");
  }
  symlinkSync(ROOT, join(dir, "node_modules/express-doku"), "dir");
  writeFileSync(join(dir, "next.config.ts"), nextConfig(commonAncestor(dir, realpathSync(ROOT))));
  const merchant = readFileSync(join(ROOT, "test/conformance/merchant.ts"), "utf8");
  const imported = merchant.replace('from "../../src"', 'from "express-doku"');
  if (imported === merchant) throw new Error('test/conformance/merchant.ts no longer imports "../../src"');
  writeFileSync(join(dir, "lib/conformance-merchant.ts"), imported);
  for (const [path, text] of Object.entries(CONFORMANCE_FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A proxy that answers nothing and counts who tried: the build's and server's way out to the network. */
async function deadProxy(): Promise<{ url: string; attempts: () => number; close: () => Promise<void> }> {
  let attempts = 0;
  const server: Server = createServer((socket) => {
    attempts++;
    socket.destroy();
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    attempts: () => attempts,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/**
 * Only PATH and HOME from this process, and every way out through the dead proxy: Next's downloads
 * (fonts, SWC, the `npm install` of missing TypeScript) honour these variables, npm from an empty cache.
 */
function offlineEnv(dir: string, proxy: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NEXT_TELEMETRY_DISABLED: "1",
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    http_proxy: proxy,
    https_proxy: proxy,
    npm_config_proxy: proxy,
    npm_config_https_proxy: proxy,
    npm_config_registry: `${proxy}/`,
    npm_config_cache: join(dir, ".npm-cache"),
  };
}

interface Exit {
  code: number | null;
  output: string;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [NEXT_BIN, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.once("error", fail);
    child.once("exit", (code) => done({ code, output }));
  });
}

async function answering(url: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}:\n${output()}`);
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`next start did not answer ${url}:\n${output()}`);
}

export interface NextApp {
  url: string;
  dir: string;
  buildMs: number;
  /** Connections the build and the server made to the dead proxy. */
  proxyAttempts(): number;
  record(): Promise<MerchantRecord>;
  /** Stops the server, removes the temp dir, and hands the server's output to the secret watch. */
  stop(): Promise<void>;
}

/** Builds the app without the DOKU variables (as a CI would), then starts it with them. */
export async function buildAndStart(doku: { DOKU_CLIENT_ID: string; DOKU_SECRET_KEY: string }): Promise<NextApp> {
  const dir = prepareApp();
  const proxy = await deadProxy();
  const env = offlineEnv(dir, proxy.url);
  const cleanUp = async () => {
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const started = Date.now();
  const build = await run(["build"], dir, env);
  const buildMs = Date.now() - started;
  if (build.code !== 0) {
    await cleanUp();
    throw new Error(`next build exited with ${build.code}:\n${build.output}`);
  }
  const port = await freePort();
  // Its own process group: stop() ends the server and whatever it started, nothing else.
  const server = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: dir,
    env: { ...env, ...doku },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  server.stdout.on("data", (c: Buffer) => (output += c.toString()));
  server.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((done) => server.once("exit", done));
      process.kill(-(server.pid as number), "SIGTERM");
      await exited;
    }
    observeForSecrets(output);
    await cleanUp();
  };
  try {
    await answering(`${url}/orders/INV-1001`, server, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    dir,
    buildMs,
    proxyAttempts: proxy.attempts,
    record: async () => (await (await fetch(`${url}${CONFORMANCE_PREFIX}/record`)).json()) as MerchantRecord,
    stop,
  };
}
