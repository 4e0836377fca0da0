"use strict";
// Instructions per request, counted by valgrind's callgrind: a figure for one change that this
// machine's drift (±15-40% between rounds of `npm run bench`) does not move. Diagnosis only,
// not part of `npm run bench`; needs valgrind (`apt-get install valgrind`).
//
//   node bench/instructions.js <server> [--requests=5000] [--warmup=8000] [--dist=path/to/dist/index.js] [--top=20] [--show=REGEX] [--inclusive] [--keep]
//
// <server> is one of bench/server.js's (baseline, inquiry, notification, the node:http ones
// baseline-http, inquiry-http, notification-http, the fetch ones inquiry-fetch, notification-fetch, …). The server runs
// under callgrind with V8 on one thread (no concurrent compiler or collector to interleave),
// gets `warmup` requests uncounted from a load process with 4 connections, then `requests`
// counted. Prints the total per request, the part spent compiling (TurboFan keeps compiling
// for a while under valgrind: compare "without compiling"), SHA-256 (valgrind has no SHA-NI, so
// it is several times what it costs on this machine's CPU), the garbage collector (and of it the
// mark-compacts, which fall into the window one or two at a time), and the
// package's own functions, named from V8's perf map. `--inclusive` lists each function with what
// it called (then the summary's sums overlap: read the listing). `--keep` leaves callgrind's dump
// and V8's perf map in place (their paths printed last), to annotate again without counting again.
const { execFileSync, spawn } = require("node:child_process");
const { readFileSync, readdirSync, rmSync, mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { dirname, join, resolve } = require("node:path");
const { ROUTES } = require("./fixtures");

const [server, ...flags] = process.argv.slice(2);
const option = (name, fallback) => flags.find((f) => f.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
if (ROUTES[server] === undefined)
  throw new Error(`usage: node bench/instructions.js <${Object.keys(ROUTES).join("|")}> [--requests=N] …`);
const { path, kind } = ROUTES[server];
// 8,000 uncounted: the memory store fills at 6,000 and V8 recompiles until about 7,600.
const requests = Number(option("requests", 5000));
const warmup = Number(option("warmup", 8000));
const dist = option("dist", undefined);
// The package's code, as V8 names it: this build's dist, or the one compared (its main entry and
// express-doku/fetch's, which the fetch servers load instead).
const packageFiles = dist
  ? [resolve(dist), join(dirname(resolve(dist)), "fetch", "index.js")]
  : [require.resolve("express-doku"), require.resolve("express-doku/fetch")];
const isPackage = (name) => packageFiles.some((file) => name.includes(file));

/** `amount` requests from bench/load.js on 4 connections: enough to keep a server under valgrind busy. */
function send(url, amount) {
  const out = execFileSync(process.execPath, [join(__dirname, "load.js"), url, path, kind, `--amount=${amount}`], {
    encoding: "utf8",
    env: { ...process.env, BENCH_CONNECTIONS: "4" },
  });
  const result = JSON.parse(out);
  if (result.non2xx + result.errors + result.timeouts > 0) throw new Error(`failed requests: ${out}`);
}

const callgrind = (command, pid) => execFileSync("callgrind_control", [command, String(pid)], { stdio: "ignore" });

/** `{ ir, name }` per function, from callgrind_annotate: self cost, or with `inclusive` what it called too. */
function functions(file, inclusive) {
  const out = execFileSync("callgrind_annotate", ["--threshold=100", `--inclusive=${inclusive ? "yes" : "no"}`, file], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  return out
    .split("\n")
    .map((line) => /^\s*([\d,]+) \([\s\d.]+%\)\s+(.*)$/.exec(line))
    .filter(Boolean)
    .map((m) => ({ ir: Number(m[1].replaceAll(",", "")), name: m[2] }));
}

/** Names V8's JIT code by the perf map: callgrind sees only addresses there. */
function namer(mapFile) {
  const ranges = readFileSync(mapFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [start, size, ...name] = line.split(" ");
      return [parseInt(start, 16), parseInt(size, 16), name.join(" ")];
    })
    .sort((a, b) => a[0] - b[0]);
  return (name) => {
    const m = /^\?\?\?:0x([0-9a-f]+) \[\?\?\?\]/.exec(name);
    if (!m) return name;
    const at = parseInt(m[1], 16);
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ranges[mid][0] <= at) lo = mid;
      else hi = mid - 1;
    }
    const r = ranges[lo];
    return r && at < r[0] + r[1] ? `JS ${r[2].replace(/^\w+:[*~^]?/, "")}` : "JS (unnamed)";
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "express-doku-callgrind-"));
  const out = join(dir, "callgrind.out");
  const child = spawn(
    "valgrind",
    [
      "--tool=callgrind",
      "--instr-atstart=no",
      `--callgrind-out-file=${out}`,
      process.execPath,
      "--single-threaded",
      "--single-threaded-gc",
      "--perf-basic-prof",
      join(__dirname, "server.js"),
      server,
    ],
    // In the scratch directory: --perf-basic-prof leaves a V8 log in the working directory.
    {
      cwd: dir,
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, ...(dist ? { BENCH_DIST: resolve(dist) } : {}) },
    },
  );
  const port = await new Promise((resolve, reject) => {
    child.stdout.once("data", (chunk) => resolve(JSON.parse(chunk.toString()).port));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    send(url, warmup);
    callgrind("--instr=on", child.pid);
    send(url, requests);
    callgrind("--dump", child.pid);
    callgrind("--instr=off", child.pid);
    const name = namer(`/tmp/perf-${child.pid}.map`);
    const dump = readdirSync(dir).find((f) => f.startsWith("callgrind.out."));
    const perRequest = new Map();
    for (const f of functions(join(dir, dump), flags.includes("--inclusive"))) {
      const key = name(f.name);
      perRequest.set(key, (perRequest.get(key) ?? 0) + f.ir / requests);
    }
    const sum = (test) => [...perRequest].reduce((n, [k, v]) => (k !== "PROGRAM TOTALS" && test(k) ? n + v : n), 0);
    const total = perRequest.get("PROGRAM TOTALS");
    const compiling = sum((k) => k.includes("compiler::"));
    // A mark-compact comes every few thousand requests (Express makes maps in old space on every
    // request), so one more or fewer of them in the window moves the total by 30-40k: compare
    // `withoutCompilingOrMarkCompacts`, or count more requests.
    const markCompacts = sum((k) => /Marking|MarkCompact|Sweep|Evacuat|RecordMigrated|LiveObjectRange/.test(k));
    const summary = {
      server,
      dist: dist ?? "this build",
      requests,
      perRequest: Math.round(total),
      withoutCompiling: Math.round(total - compiling),
      withoutCompilingOrMarkCompacts: Math.round(total - compiling - markCompacts),
      sha256: Math.round(sum((k) => k.includes("sha256_block"))),
      garbageCollector: Math.round(
        sum((k) => /Scaveng|Marking|Sweep|Evacuat|IteratePointers|IterateMaybeWeak|OnMoveEvent|Pretenuring/.test(k)),
      ),
      markCompacts: Math.round(markCompacts),
      package: Math.round(sum(isPackage)),
    };
    console.log(JSON.stringify(summary));
    // --show=REGEX: these functions instead of the package's (e.g. --show=_http_outgoing), and their sum.
    const show = option("show", undefined);
    const picked = show === undefined ? isPackage : (k) => new RegExp(show).test(k);
    if (show !== undefined) console.log(`${show}: ${Math.round(sum(picked))} per request`);
    const top = [...perRequest].filter(([k]) => picked(k)).sort((a, b) => b[1] - a[1]);
    for (const [k, v] of top.slice(0, Number(option("top", 20))))
      console.log(`${v.toFixed(0).padStart(8)}  ${k.replace(/\S*\/dist\//, "dist/")}`);
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    if (flags.includes("--keep")) console.log(`kept: ${dir} and /tmp/perf-${child.pid}.map`);
    else {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`/tmp/perf-${child.pid}.map`, { force: true });
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
