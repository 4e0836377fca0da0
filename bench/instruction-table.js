"use strict";
// The issue-38 table: instructions per request of every case, each its own process under
// callgrind (bench/instructions.js), one after another, against the Express strict baseline.
//
//   npm run bench:instructions [-- case…] [--dist=path/to/dist/index.js] [--jobs=2] [--requests=5000] [--warmup=8000]
//
// With case names, only those run (a whole table takes longer than one run should: run it in
// parts). Each figure is kept in .bench-variants/instruction-table.json under its build (this
// one, or --dist's), so the parts of one table print together and a later part replaces a case's
// earlier figure; --fresh forgets that build's figures first, --print prints them without
// counting. `--jobs=2` counts two cases at once: instruction counts do not depend on what else
// runs, only the wall time does.
const { execFile } = require("node:child_process");
const { mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");
const { startPostgres } = require("./postgres");
const { startRedis } = require("./redis");

// In the table's order. `server` is bench/server.js's; `needs` a database the driver starts.
const CASES = [
  { name: "baseline", label: "Express strict baseline (express.json + res.json, ETag off)" },
  { name: "by-hand", label: "the same work by hand, as DOKU's page teaches" },
  { name: "inquiry", label: "the inquiry router on Express" },
  { name: "octokit", label: "octokit's middleware on Express" },
  { name: "stripe", label: "Stripe's route on Express" },
  { name: "baseline-http", label: "node:http, bare JSON" },
  { name: "inquiry-http", label: "the inquiry router on node:http" },
  { name: "octokit-http", label: "octokit's createNodeMiddleware on node:http" },
  { name: "inquiry-fetch", label: "the inquiry fetch handler through @hono/node-server" },
  { name: "octokit-fetch", label: "octokit's createWebMiddleware through @hono/node-server" },
  { name: "notification", label: "the notification router on Express, memory store" },
  {
    name: "notification-redis",
    server: "notification",
    needs: "redis",
    label: "the notification router on Express, Redis store",
  },
  {
    name: "notification-postgres",
    server: "notification",
    needs: "postgres",
    label: "the notification router on Express, PostgreSQL inbox",
  },
];

const args = process.argv.slice(2);
const option = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const named = args.filter((a) => !a.startsWith("--"));
const unknown = named.filter((n) => !CASES.some((c) => c.name === n));
if (unknown.length > 0) throw new Error(`unknown case ${unknown.join(", ")}; cases: ${CASES.map((c) => c.name)}`);
const picked = named.length === 0 ? CASES : CASES.filter((c) => named.includes(c.name));
const dist = option("dist", undefined);
const build = dist === undefined ? "this build" : resolve(dist);
const jobs = Number(option("jobs", 1));
const counting = [`--requests=${option("requests", 5000)}`, `--warmup=${option("warmup", 8000)}`];

const store = join(__dirname, "..", ".bench-variants", "instruction-table.json");
function load() {
  try {
    return JSON.parse(readFileSync(store, "utf8"));
  } catch {
    return {};
  }
}
function save(figures) {
  const all = load();
  all[build] = figures;
  mkdirSync(join(store, ".."), { recursive: true });
  writeFileSync(store, `${JSON.stringify(all, null, 2)}\n`);
}
if (args.includes("--fresh")) save({});

/** The databases the picked cases need, started once: `{ redis, postgres }` of `{ env, flush, stop }`. */
async function databases() {
  const started = {};
  for (const [kind, start, env] of [
    // Under valgrind a Redis round trip can take longer than the store's 1 s: a failed claim would be a 500.
    ["redis", startRedis, { BENCH_STORE: "redis", BENCH_REDIS_TIMEOUT_MS: "30000" }],
    ["postgres", startPostgres, { BENCH_STORE: "postgres" }],
  ]) {
    if (!picked.some((c) => c.needs === kind)) continue;
    const db = await start();
    if (db.skipped) console.error(db.skipped);
    else started[kind] = { ...db, env: { ...db.env, ...env } };
  }
  return started;
}

function count(c, db) {
  const argv = [join(__dirname, "instructions.js"), c.server ?? c.name, ...counting, "--top=0"];
  if (dist !== undefined) argv.push(`--dist=${dist}`);
  const started = Date.now();
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      argv,
      { env: { ...process.env, ...db?.env }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        if (error) return fail(new Error(`${c.name}: ${stderr || error.message}`));
        const figure = JSON.parse(stdout.split("\n")[0]);
        done({ ...figure, seconds: Math.round((Date.now() - started) / 1000) });
      },
    );
  });
}

const k = (n) => (n === undefined ? "" : `${(n / 1000).toFixed(1)} k`);
const ratio = (n, base) => (n === undefined || base === undefined ? "" : (n / base).toFixed(2));

function table() {
  const figures = load()[build] ?? {};
  const base = figures.baseline;
  const rows = CASES.filter((c) => figures[c.name] !== undefined).map((c) => {
    const f = figures[c.name];
    return `| ${c.label} | ${k(f.perRequest)} | ${ratio(f.perRequest, base?.perRequest)} | ${k(f.withoutCompilingOrMarkCompacts)} | ${ratio(f.withoutCompilingOrMarkCompacts, base?.withoutCompilingOrMarkCompacts)} | ${k(f.sha256)} | ${k(f.package)} |`;
  });
  return [
    `Instructions per request (${build}; ${counting.join(" ")}):`,
    "",
    "| case | total | × strict baseline | without compiling or mark-compacts | × strict baseline | of it SHA-256 | the package's own |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

async function main() {
  if (args.includes("--print")) {
    console.log(table());
    return;
  }
  const db = await databases();
  const queue = picked.filter((c) => c.needs === undefined || db[c.needs] !== undefined);
  try {
    await Promise.all(
      Array.from({ length: jobs }, async () => {
        for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
          // Once more on a failed request (a connection dropped under valgrind's slowness, seen once in 5,000).
          for (let attempt = 1; attempt <= 2; attempt++) {
            await db[c.needs]?.flush();
            try {
              const figure = await count(c, db[c.needs]);
              save({ ...load()[build], [c.name]: figure });
              console.error(`${c.name}: ${figure.perRequest} per request (${figure.seconds} s)`);
              break;
            } catch (error) {
              console.error(`${c.name}, attempt ${attempt}: ${error.message.split("\n")[0]}`);
              process.exitCode = attempt === 2 ? 1 : undefined;
            }
          }
        }
      }),
    );
  } finally {
    for (const d of Object.values(db)) await d.stop();
  }
  console.log(table());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
