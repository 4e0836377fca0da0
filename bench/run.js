"use strict";
// `npm run bench`: the routers against a bare Express endpoint, each server in its own process,
// loaded from another process, cases interleaved over several rounds; then the signature
// and client micro-benchmarks and the soak. Writes bench/results.json and prints a table.
const { execFileSync, spawn } = require("node:child_process");
const { readFileSync, writeFileSync } = require("node:fs");
const { cpus, totalmem } = require("node:os");
const { join } = require("node:path");
const { INQUIRY_PATH, NOTIFY_PATH } = require("./fixtures");

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const SOAK_TOTAL = Number(process.env.BENCH_SOAK ?? 200_000);
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));

const ROUTERS = [
  { name: "inquiry", server: "inquiry", path: INQUIRY_PATH, kind: "inquiry" },
  { name: "notification", server: "notification", path: NOTIFY_PATH, kind: "notification" },
];
// BENCH_VARIANTS="label=path/to/dist/index.js;…": both routers again from other builds, in the
// same rotation, for a paired figure of one change (see docs/performance.md).
const variants = (process.env.BENCH_VARIANTS ?? "")
  .split(";")
  .filter(Boolean)
  .map((v) => v.split("="));
const CASES = [
  { name: "baseline", server: "baseline", path: INQUIRY_PATH, kind: "inquiry" },
  ...ROUTERS,
  ...variants.flatMap(([label, dist]) =>
    ROUTERS.map((r) => ({ ...r, name: `${r.name} (${label})`, env: { BENCH_DIST: join(process.cwd(), dist) } })),
  ),
];

function startServer(kind, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, "server.js"), kind], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, ...env },
    });
    child.stdout.once("data", (chunk) => resolve({ child, url: `http://127.0.0.1:${JSON.parse(chunk.toString()).port}` }));
    child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

function processStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
  return { cpuUs: (ticks / CLK_TCK) * 1e6, rssMb: rssKb / 1024 };
}

function load(url, c, span) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, "load.js"), url, c.path, c.kind, String(span)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load for ${c.name} exited with ${code}`))));
  });
}

async function measure(server, c, span) {
  const before = processStats(server.child.pid);
  const result = await load(server.url, c, span);
  const after = processStats(server.child.pid);
  return { ...result, cpuUsPerRequest: (after.cpuUs - before.cpuUs) / result.requests, rssMb: after.rssMb };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function loadBenchmark() {
  const servers = {};
  for (const c of CASES) servers[c.name] = await startServer(c.server, c.env);
  try {
    for (const c of CASES) await load(servers[c.name].url, c, WARMUP_SECONDS);
    const runs = Object.fromEntries(CASES.map((c) => [c.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round: these machines drift, and no case should always go first.
      const order = CASES.map((_, i) => CASES[(i + round) % CASES.length]);
      for (const c of order) {
        const r = await measure(servers[c.name], c, SECONDS);
        runs[c.name].push(r);
        console.error(
          `round ${round + 1}/${ROUNDS} ${c.name.padEnd(36)} ${r.reqPerSec.toFixed(0)} req/s  p99 ${r.p99} ms  ${r.cpuUsPerRequest.toFixed(0)} µs CPU/req  non-2xx ${r.non2xx}`,
        );
      }
    }
    return Object.fromEntries(
      CASES.map((c) => {
        const rs = runs[c.name];
        return [
          c.name,
          {
            medianReqPerSec: median(rs.map((r) => r.reqPerSec)),
            bestReqPerSec: Math.max(...rs.map((r) => r.reqPerSec)),
            p50Ms: median(rs.map((r) => r.p50)),
            p99Ms: median(rs.map((r) => r.p99)),
            cpuUsPerRequest: median(rs.map((r) => r.cpuUsPerRequest)),
            rssMbAfter: processStats(servers[c.name].child.pid).rssMb,
            // One reading swings ±20 MB with where V8's collector happens to be: the median of the
            // readings after each round is the steadier figure.
            rssMbMedian: median(rs.map((r) => r.rssMb)),
            non2xx: rs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
            rounds: rs,
          },
        ];
      }),
    );
  } finally {
    for (const s of Object.values(servers)) s.child.kill("SIGTERM");
  }
}

async function soak() {
  const server = await startServer("inquiry");
  try {
    const c = CASES[1];
    const first = await load(server.url, c, "--amount=10000");
    const rssAfterFirst = processStats(server.child.pid).rssMb;
    const rest = await load(server.url, c, `--amount=${SOAK_TOTAL - 10_000}`);
    const rssAtEnd = processStats(server.child.pid).rssMb;
    return {
      requests: first.requests + rest.requests,
      non2xx: first.non2xx + rest.non2xx,
      rssMbAfter10k: rssAfterFirst,
      rssMbAtEnd: rssAtEnd,
      growthMb: rssAtEnd - rssAfterFirst,
    };
  } finally {
    server.child.kill("SIGTERM");
  }
}

function signatureBenchmark() {
  return JSON.parse(execFileSync(process.execPath, [join(__dirname, "signature.mjs")], { encoding: "utf8" }));
}

function clientBenchmark() {
  return JSON.parse(execFileSync(process.execPath, [join(__dirname, "client.mjs")], { encoding: "utf8" }));
}

function table(results) {
  const b = results.load.baseline;
  const row = (name, r) =>
    `| ${name} | ${r.medianReqPerSec.toFixed(0)} | ${r.bestReqPerSec.toFixed(0)} | ${r.p50Ms} | ${r.p99Ms} | ${r.cpuUsPerRequest.toFixed(0)} | ${r.rssMbMedian.toFixed(1)} | ${r.rssMbAfter.toFixed(1)} | ${(r.medianReqPerSec / b.medianReqPerSec).toFixed(2)} |`;
  return [
    "| case | median req/s | best req/s | p50 ms | p99 ms | CPU µs/req | RSS MB (median of rounds) | RSS MB (after the last) | req/s vs baseline |",
    "|---|---|---|---|---|---|---|---|---|",
    ...Object.entries(results.load).map(([name, r]) => row(name, r)),
  ].join("\n");
}

async function main() {
  const started = Date.now();
  const results = {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    settings: { rounds: ROUNDS, seconds: SECONDS, connections: 50, soakRequests: SOAK_TOTAL },
    load: await loadBenchmark(),
    signature: signatureBenchmark(),
    client: clientBenchmark(),
    soak: await soak(),
  };
  const b = results.load.baseline;
  const inq = results.load.inquiry;
  // Rounds run back to back, so each round's ratio sees the machine in one state: a check on
  // the ratio of medians when the machine drifts between rounds.
  results.pairedRatios = Object.fromEntries(
    CASES.slice(1).map(({ name }) => [
      name,
      {
        reqPerSec: median(results.load[name].rounds.map((r, i) => r.reqPerSec / b.rounds[i].reqPerSec)),
        cpuUsPerRequest: median(results.load[name].rounds.map((r, i) => r.cpuUsPerRequest / b.rounds[i].cpuUsPerRequest)),
      },
    ]),
  );
  const pkg = results.signature["package verify + sign"];
  results.targets = {
    "inquiry req/s >= 1.0 x baseline": { value: inq.medianReqPerSec / b.medianReqPerSec, pass: inq.medianReqPerSec >= b.medianReqPerSec },
    "inquiry CPU µs/req <= baseline": { value: inq.cpuUsPerRequest / b.cpuUsPerRequest, pass: inq.cpuUsPerRequest <= b.cpuUsPerRequest },
    "inquiry p99 <= 1.25 x baseline": { value: inq.p99Ms / b.p99Ms, pass: inq.p99Ms <= 1.25 * b.p99Ms },
    "inquiry RSS <= baseline + 15 MB (median of rounds)": {
      value: inq.rssMbMedian - b.rssMbMedian,
      pass: inq.rssMbMedian <= b.rssMbMedian + 15,
    },
    "inquiry RSS <= baseline + 15 MB (after the last round)": {
      value: inq.rssMbAfter - b.rssMbAfter,
      pass: inq.rssMbAfter <= b.rssMbAfter + 15,
    },
    "verify + sign <= 8 µs": { value: pkg.usPerOp, pass: pkg.usPerOp <= 8 },
    "soak growth <= 30 MB": { value: results.soak.growthMb, pass: results.soak.growthMb <= 30 },
    "client sign a call + verify its answer <= 10 µs": {
      value: results.client["sign a call + verify its answer"].usPerOp,
      pass: results.client["sign a call + verify its answer"].usPerOp <= 10,
    },
  };
  results.durationSec = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(__dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);

  console.log(`\n${table(results)}\n`);
  console.log(
    `signature layer: verify + sign ${pkg.usPerOp.toFixed(2)} µs/op (naive createHash/createHmac: ${results.signature["naive verify + sign"].usPerOp.toFixed(2)} µs/op)`,
  );
  console.log(
    `client: sign a call + verify its answer ${results.client["sign a call + verify its answer"].usPerOp.toFixed(2)} µs; a whole call against an in-memory fetch ${results.client["whole client call, in-memory fetch"].usPerOp.toFixed(2)} µs`,
  );
  console.log(
    `soak: ${results.soak.requests} inquiries, RSS ${results.soak.rssMbAfter10k.toFixed(1)} MB after 10k -> ${results.soak.rssMbAtEnd.toFixed(1)} MB at the end (${results.soak.growthMb.toFixed(1)} MB)`,
  );
  for (const [name, r] of Object.entries(results.pairedRatios)) {
    console.log(
      `${name} / baseline, median of per-round ratios: req/s ${r.reqPerSec.toFixed(2)}, CPU µs/req ${r.cpuUsPerRequest.toFixed(2)}`,
    );
  }
  for (const [name, t] of Object.entries(results.targets)) console.log(`${t.pass ? "PASS" : "MISS"}  ${name}: ${t.value.toFixed(2)}`);
  console.log(
    `\n${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GiB, Node ${results.machine.node}; ${results.durationSec} s`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
