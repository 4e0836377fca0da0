"use strict";
// `npm run bench`: the routers against a strict Express baseline and two peers (octokit's
// webhook middleware, Stripe's constructEvent route), with the memory store and with Redis, the
// inquiry router with every observability sink attached, the
// notification router on the PostgreSQL and SQLite inboxes, and off Express (on node:http, and the fetch handlers behind Node's http server) against a bare
// node:http baseline; each server in its own process, loaded from another process, cases interleaved over several
// rounds; then the signature and client micro-benchmarks and the soak. Writes
// bench/results.json and prints a table (docs/performance.md says how to read it).
const { execFileSync, spawn } = require("node:child_process");
const { writeFileSync } = require("node:fs");
const { cpus, totalmem } = require("node:os");
const { join } = require("node:path");
const { ROUTES } = require("./fixtures");
const { startPostgres } = require("./postgres");
const { processStats } = require("./proc-stats");
const { startRedis } = require("./redis");
const { startSqlite } = require("./sqlite");

// The defaults keep a run of every case under BENCH_MAX_MINUTES (docs/performance.md says why these).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const SOAK_TOTAL = Number(process.env.BENCH_SOAK ?? 60_000);
const MAX_MINUTES = Number(process.env.BENCH_MAX_MINUTES ?? 10);

const served = (server) => ({ server, ...ROUTES[server] });
const INQUIRY = served("inquiry");
const NOTIFICATION = served("notification");
const REDIS = { BENCH_STORE: "redis" };
const ROUTERS = [
  { name: "inquiry", ...INQUIRY },
  { name: "notification", ...NOTIFICATION },
  { name: "inquiry (Redis)", ...INQUIRY, env: REDIS, database: "redis", memoryCase: "inquiry" },
  { name: "notification (Redis)", ...NOTIFICATION, env: REDIS, database: "redis", memoryCase: "notification" },
];
// The notification router on an inbox: each notification recorded in the database in one
// transaction with onPayment's row. Paired with the memory store and with Redis (the other way to
// run on several machines); not in BENCH_VARIANTS' rotation (builds before the inbox lack it).
const INBOX_CASES = [
  {
    name: "notification (PostgreSQL inbox)",
    ...NOTIFICATION,
    env: { BENCH_STORE: "postgres" },
    database: "postgres",
    memoryCase: "notification",
    against: ["notification (Redis)"],
  },
  {
    name: "notification (SQLite inbox)",
    ...NOTIFICATION,
    env: { BENCH_STORE: "sqlite" },
    database: "sqlite",
    memoryCase: "notification",
    against: ["notification (Redis)", "notification (PostgreSQL inbox)"],
  },
];
// The inquiry router with every observability sink attached (bench/observability.js: Prometheus,
// OpenTelemetry on a real SDK, one more TracingChannel subscriber), paired with the same router
// without any: what observability costs per request. Not in BENCH_VARIANTS' rotation.
// Each sink alone, to tell what each costs: only when BENCH_CASES names them.
const observedBy = (name, sinks) => ({
  name,
  ...served("inquiry-observed"),
  env: { BENCH_OBSERVE: sinks },
  against: ["inquiry", "inquiry (observed)"],
  optIn: true,
});
const OBSERVED = [
  { name: "inquiry (observed)", ...served("inquiry-observed"), against: ["inquiry"] },
  observedBy("inquiry (Prometheus only)", "prometheus"),
  observedBy("inquiry (OpenTelemetry only)", "otel"),
  observedBy("inquiry (TracingChannel only)", "channel"),
];
const DATABASES = { redis: startRedis, postgres: startPostgres, sqlite: startSqlite };
// Off Express, each paired with the bare node:http baseline (the floor) and, for the fetch
// handlers, with the same router on node:http (what the Request/Response bridge costs).
const HTTP_BASELINE = "baseline (node:http)";
const OFF_EXPRESS = [
  { name: HTTP_BASELINE, ...served("baseline-http") },
  { name: "inquiry (node:http)", ...served("inquiry-http"), against: [HTTP_BASELINE, "inquiry"] },
  { name: "notification (node:http)", ...served("notification-http"), against: [HTTP_BASELINE, "notification"] },
  { name: "inquiry (fetch)", ...served("inquiry-fetch"), against: [HTTP_BASELINE, "inquiry (node:http)"] },
  {
    name: "notification (fetch)",
    ...served("notification-fetch"),
    against: [HTTP_BASELINE, "notification (node:http)"],
  },
];
const PEERS = [
  { name: "baseline (ETag on)", ...served("baseline-etag") },
  { name: "octokit", ...served("octokit"), peer: true },
  { name: "stripe", ...served("stripe"), peer: true },
];
// BENCH_VARIANTS="label=path/to/dist/index.js|NAME=value;…": the routers again from other builds
// (and with these server settings), in the same rotation, for a paired figure of one change.
const variants = (process.env.BENCH_VARIANTS ?? "")
  .split(";")
  .filter(Boolean)
  .map((v) => {
    const [label, spec] = v.split(/=(.*)/s);
    const [dist, ...settings] = spec.split("|");
    return [label, dist, Object.fromEntries(settings.map((e) => e.split(/=(.*)/s).slice(0, 2)))];
  });
// BENCH_CASES="inquiry,notification (Redis)": only these (and the baseline), for a shorter diagnosis run.
const only = process.env.BENCH_CASES ? new Set(process.env.BENCH_CASES.split(",").map((s) => s.trim())) : undefined;
const ALL_CASES = [
  { name: "baseline", ...served("baseline") },
  ...PEERS,
  ...ROUTERS,
  ...OBSERVED,
  ...INBOX_CASES,
  ...OFF_EXPRESS,
  ...variants.flatMap(([label, dist, settings]) =>
    ROUTERS.map((r) => ({
      ...r,
      name: `${r.name} (${label})`,
      base: r.name,
      memoryCase: r.memoryCase && `${r.memoryCase} (${label})`,
      env: { ...r.env, ...settings, ...(dist === "." ? {} : { BENCH_DIST: join(process.cwd(), dist) }) },
    })),
  ),
].filter((c) => c.name === "baseline" || (only === undefined ? !c.optIn : only.has(c.base ?? c.name)));

function startServer(c, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, "server.js"), c.server], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, ...c.env, ...env },
    });
    child.stdout.once("data", (chunk) =>
      resolve({ child, url: `http://127.0.0.1:${JSON.parse(chunk.toString()).port}` }),
    );
    child.once("exit", (code) => reject(new Error(`${c.name} server exited with ${code}`)));
  });
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
    child.once("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load for ${c.name} exited with ${code}`)),
    );
  });
}

// A database server of the bench's own (Redis, PostgreSQL) reports its CPU beside the app's;
// SQLite runs inside the app's process, in its figure.
async function measure(server, c, span, database) {
  await database?.flush();
  const before = processStats(server.child.pid);
  const databaseBefore = database?.cpuUs?.();
  const result = await load(server.url, c, span);
  const after = processStats(server.child.pid);
  return {
    ...result,
    cpuUsPerRequest: (after.cpuUs - before.cpuUs) / result.requests,
    ...(databaseBefore === undefined
      ? {}
      : { databaseCpuUsPerRequest: (database.cpuUs() - databaseBefore) / result.requests }),
    rssMb: after.rssMb,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function summarise(rs, server, database) {
  return {
    medianReqPerSec: median(rs.map((r) => r.reqPerSec)),
    bestReqPerSec: Math.max(...rs.map((r) => r.reqPerSec)),
    p50Ms: median(rs.map((r) => r.p50)),
    p99Ms: median(rs.map((r) => r.p99)),
    cpuUsPerRequest: median(rs.map((r) => r.cpuUsPerRequest)),
    ...(rs[0].databaseCpuUsPerRequest === undefined
      ? {}
      : { database: database.name, databaseCpuUsPerRequest: median(rs.map((r) => r.databaseCpuUsPerRequest)) }),
    rssMbAfter: processStats(server.child.pid).rssMb,
    // One reading swings ±20 MB with where V8's collector happens to be: the median of the
    // readings after each round is the steadier figure.
    rssMbMedian: median(rs.map((r) => r.rssMb)),
    non2xx: rs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
    rounds: rs,
  };
}

async function loadBenchmark(cases, databases) {
  const servers = {};
  const databaseOf = (c) => c.database && databases[c.database];
  try {
    for (const c of cases) servers[c.name] = await startServer(c, databaseOf(c)?.env ?? {});
    for (const c of cases) await load(servers[c.name].url, c, WARMUP_SECONDS);
    const runs = Object.fromEntries(cases.map((c) => [c.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round: these machines drift, and no case should always go first.
      const order = cases.map((_, i) => cases[(i + round) % cases.length]);
      for (const c of order) {
        const r = await measure(servers[c.name], c, SECONDS, databaseOf(c));
        runs[c.name].push(r);
        console.error(
          `round ${round + 1}/${ROUNDS} ${c.name.padEnd(40)} ${r.reqPerSec.toFixed(0)} req/s  p99 ${r.p99} ms  ${r.cpuUsPerRequest.toFixed(0)} µs CPU/req  non-2xx ${r.non2xx}`,
        );
      }
    }
    return Object.fromEntries(cases.map((c) => [c.name, summarise(runs[c.name], servers[c.name], databaseOf(c))]));
  } finally {
    for (const s of Object.values(servers)) s.child.kill("SIGTERM");
  }
}

async function soak() {
  const c = { name: "soak", ...INQUIRY };
  const server = await startServer(c);
  try {
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

const microBenchmark = (file) =>
  JSON.parse(execFileSync(process.execPath, [join(__dirname, file)], { encoding: "utf8" }));

// Each round's ratio sees the machine in one state: the median of them is the check on the
// ratio of medians when the machine drifts between rounds.
function paired(load, name, against) {
  const a = load[name].rounds;
  const b = load[against].rounds;
  return {
    reqPerSec: median(a.map((r, i) => r.reqPerSec / b[i].reqPerSec)),
    cpuUsPerRequest: median(a.map((r, i) => r.cpuUsPerRequest / b[i].cpuUsPerRequest)),
    p99: median(a.map((r, i) => r.p99 / b[i].p99)),
  };
}

function table(results) {
  const b = results.load.baseline;
  const row = (name, r) =>
    `| ${name} | ${r.medianReqPerSec.toFixed(0)} | ${r.bestReqPerSec.toFixed(0)} | ${r.p50Ms} | ${r.p99Ms} | ${r.cpuUsPerRequest.toFixed(0)}${r.databaseCpuUsPerRequest === undefined ? "" : ` (+${r.databaseCpuUsPerRequest.toFixed(0)} ${r.database})`} | ${r.rssMbMedian.toFixed(1)} | ${r.rssMbAfter.toFixed(1)} | ${(r.medianReqPerSec / b.medianReqPerSec).toFixed(2)} | ${name === "baseline" ? "1.00 / 1.00" : `${results.pairedRatios[name].reqPerSec.toFixed(2)} / ${results.pairedRatios[name].cpuUsPerRequest.toFixed(2)}`} |`;
  return [
    "| case | median req/s | best req/s | p50 ms | p99 ms | CPU µs/req | RSS MB (median of rounds) | RSS MB (after the last) | req/s vs baseline (medians) | paired vs baseline: req/s / CPU |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...Object.entries(results.load).map(([name, r]) => row(name, r)),
  ].join("\n");
}

function targets(results, skipped) {
  const { load, pairedRatios: p } = results;
  const t = {};
  const check = (name, value, pass) => {
    t[name] = { value, pass };
  };
  if (load.inquiry) {
    check("inquiry req/s >= 1.0 x baseline (paired)", p.inquiry.reqPerSec, p.inquiry.reqPerSec >= 1);
    check("inquiry CPU µs/req <= baseline (paired)", p.inquiry.cpuUsPerRequest, p.inquiry.cpuUsPerRequest <= 1);
    const peers = PEERS.filter((c) => c.peer && load[c.name]).map((c) => p[c.name].reqPerSec);
    if (peers.length > 0) {
      check(
        "inquiry req/s ratio >= best peer's (paired)",
        p.inquiry.reqPerSec - Math.max(...peers),
        p.inquiry.reqPerSec >= Math.max(...peers),
      );
    }
    const rss = load.inquiry.rssMbMedian - load.baseline.rssMbMedian;
    check("inquiry RSS <= baseline + 15 MB (median of rounds)", rss, rss <= 15);
  }
  if (load.notification)
    check("notification req/s >= 0.9 x baseline (paired)", p.notification.reqPerSec, p.notification.reqPerSec >= 0.9);
  for (const c of ROUTERS.filter((r) => results.vsMemoryStore[r.name])) {
    const vsMemory = results.vsMemoryStore[c.name];
    check(`${c.name} req/s >= 0.85 x memory store (paired)`, vsMemory.reqPerSec, vsMemory.reqPerSec >= 0.85);
    check(`${c.name} p99 <= 1.5 x memory store (paired)`, vsMemory.p99, vsMemory.p99 <= 1.5);
  }
  const pkg = results.signature["package verify + sign"];
  check("verify + sign <= 8 µs", pkg.usPerOp, pkg.usPerOp <= 8);
  if (results.soak.requests > 0) check("soak growth <= 30 MB", results.soak.growthMb, results.soak.growthMb <= 30);
  const client = results.client["sign a call + verify its answer"].usPerOp;
  check("client sign a call + verify its answer <= 10 µs", client, client <= 10);
  for (const reason of skipped) t[reason] = { value: Number.NaN, pass: true };
  return t;
}

// What a run costs here beyond its load spans, measured on the 2-core machine of
// docs/performance.md: each load process's start and end (node, autocannon, 50 connections), the
// build before it, the micro-benchmarks, the databases' start, and the soak's inquiries a second.
const LOAD_OVERHEAD_SECONDS = 1;
const FIXED_SECONDS = 60;
const SOAK_PER_SECOND = 2000;

function estimatedSeconds(caseCount) {
  const perCase = WARMUP_SECONDS + ROUNDS * SECONDS + (ROUNDS + 1) * LOAD_OVERHEAD_SECONDS;
  return caseCount * perCase + SOAK_TOTAL / SOAK_PER_SECOND + FIXED_SECONDS;
}

/** The databases the cases need, started; a case whose database is missing is dropped, with the reason. */
async function startDatabases(wanted) {
  const databases = {};
  const skipped = [];
  for (const name of new Set(wanted.map((c) => c.database).filter(Boolean))) {
    const database = await DATABASES[name]();
    if (database.skipped) {
      console.error(database.skipped);
      skipped.push(database.skipped);
    } else {
      databases[name] = database;
    }
  }
  return { databases, skipped };
}

async function main() {
  const started = Date.now();
  const estimate = estimatedSeconds(ALL_CASES.length);
  if (estimate > MAX_MINUTES * 60) {
    throw new Error(
      `this run would take about ${Math.round(estimate / 60)} min, over BENCH_MAX_MINUTES=${MAX_MINUTES}: ` +
        `lower BENCH_ROUNDS, BENCH_SECONDS or BENCH_SOAK, keep fewer BENCH_CASES, or raise BENCH_MAX_MINUTES`,
    );
  }
  console.error(
    `${ALL_CASES.length} cases, ${ROUNDS} rounds of ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up, soak ${SOAK_TOTAL}: about ${Math.round(estimate / 60)} min with the build`,
  );
  const { databases, skipped } = await startDatabases(ALL_CASES);
  const stopDatabases = () => Promise.all(Object.values(databases).map((d) => d.stop().catch(() => {})));
  // PostgreSQL runs detached from us (pg_ctl): an interrupted run stops it too.
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => void stopDatabases().finally(() => process.exit(130)));
  }
  const cases = ALL_CASES.filter((c) => !c.database || databases[c.database]);
  const results = {
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    settings: {
      rounds: ROUNDS,
      seconds: SECONDS,
      connections: 50,
      warmupSeconds: WARMUP_SECONDS,
      soakRequests: SOAK_TOTAL,
      databases: Object.fromEntries(Object.entries(databases).map(([name, d]) => [name, d.url ?? d.name])),
      skipped,
    },
    load: await loadBenchmark(cases, databases).finally(stopDatabases),
    signature: microBenchmark("signature.mjs"),
    client: microBenchmark("client.mjs"),
    // BENCH_SOAK=0 skips it, for a diagnosis run.
    soak: SOAK_TOTAL > 0 ? await soak() : { requests: 0, non2xx: 0, rssMbAfter10k: 0, rssMbAtEnd: 0, growthMb: 0 },
  };
  results.pairedRatios = Object.fromEntries(
    cases.slice(1).map(({ name }) => [name, paired(results.load, name, "baseline")]),
  );
  results.vsMemoryStore = Object.fromEntries(
    cases
      .filter((c) => c.memoryCase && results.load[c.memoryCase])
      .map((c) => [c.name, paired(results.load, c.name, c.memoryCase)]),
  );
  results.pairedAgainst = Object.fromEntries(
    cases.flatMap((c) =>
      (c.against ?? [])
        .filter((other) => results.load[other])
        .map((other) => [`${c.name} / ${other}`, paired(results.load, c.name, other)]),
    ),
  );
  results.targets = targets(results, skipped);
  results.durationSec = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(__dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);

  const pkg = results.signature["package verify + sign"];
  console.log(`\n${table(results)}\n`);
  for (const [name, r] of Object.entries(results.vsMemoryStore)) {
    console.log(
      `${name} / memory store, paired: req/s ${r.reqPerSec.toFixed(2)}, CPU µs/req ${r.cpuUsPerRequest.toFixed(2)}, p99 ${r.p99.toFixed(2)}`,
    );
  }
  for (const [pair, r] of Object.entries(results.pairedAgainst)) {
    console.log(
      `${pair}, paired: req/s ${r.reqPerSec.toFixed(2)}, CPU µs/req ${r.cpuUsPerRequest.toFixed(2)}, p99 ${r.p99.toFixed(2)}`,
    );
  }
  console.log(
    `signature layer: verify + sign ${pkg.usPerOp.toFixed(2)} µs/op (naive createHash/createHmac: ${results.signature["naive verify + sign"].usPerOp.toFixed(2)} µs/op)`,
  );
  console.log(
    `client: sign a call + verify its answer ${results.client["sign a call + verify its answer"].usPerOp.toFixed(2)} µs; a whole call against an in-memory fetch ${results.client["whole client call, in-memory fetch"].usPerOp.toFixed(2)} µs`,
  );
  console.log(
    `soak: ${results.soak.requests} inquiries, RSS ${results.soak.rssMbAfter10k.toFixed(1)} MB after 10k -> ${results.soak.rssMbAtEnd.toFixed(1)} MB at the end (${results.soak.growthMb.toFixed(1)} MB)`,
  );
  for (const [name, t] of Object.entries(results.targets))
    console.log(`${t.pass ? "PASS" : "MISS"}  ${name}: ${t.value.toFixed(2)}`);
  console.log(
    `\n${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GiB, Node ${results.machine.node}; ${results.durationSec} s`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
