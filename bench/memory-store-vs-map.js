"use strict";
// The memory store's layout (typed arrays, a byte ring, a hash index) against the store anyone
// would write first: a Map from key to { fingerprint, token, answer, expiresAt }, dropping the
// oldest past the same number of entries. Inquiry-shaped entries: a key, a SHA-256 digest and a
// signed answer (six headers, a ~300-byte body; about 620 bytes in all), each answer a fresh object.
//
//   npx tsup && node bench/memory-store-vs-map.js [--entries=10000] [--ops=400000] [--rounds=3] [--kinds=memory-store,map]
//
// Each store runs in a child process of its own (--expose-gc), the two kinds interleaved over
// the rounds; the table shows medians. Per run:
//   - retained: the growth of V8's heap, of array buffers and of RSS after filling the store to
//     its bound, after gc() (the store kept, the answers dropped by the caller);
//   - load: claim + complete on fresh keys with the store full (each one evicts the oldest);
//     V8's collections as perf_hooks reports them (count and time by kind, longest pause).
// Kinds: memory-store, map, map-walk (the Map without the queue). BENCH_DIST: another build's dist/index.js.
const { execFileSync } = require("node:child_process");
const { PerformanceObserver, constants } = require("node:perf_hooks");

const TTL_MS = 600_000;
const LEASE_MS = 15_000;

const option = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

// Dropping the oldest through a queue of the entries in the order they were made, as the
// memory store's records are: O(1). `walk` drops them by walking the Map from its oldest end
// instead, which V8 makes slower with every deleted entry the table still holds.
class MapStore {
  #entries = new Map();
  #queue;
  #head = 0;
  #tail = 0;
  #maxEntries;
  #now;
  #walk;
  #lastToken = 0;

  constructor({ maxEntries, now, walk = false }) {
    this.#queue = new Array(maxEntries).fill(undefined);
    this.#maxEntries = maxEntries;
    this.#now = now;
    this.#walk = walk;
  }

  async claim(key, fingerprint, leaseMs) {
    const now = this.#now();
    if (this.#walk) this.#walkExpired(now);
    else this.#dropExpired(now);
    const held = this.#entries.get(key);
    if (held !== undefined && held.expiresAt > now) {
      if (held.answer === undefined) return { state: "pending", fingerprint: held.fingerprint };
      return { state: "completed", fingerprint: held.fingerprint, answer: held.answer };
    }
    const token = String(++this.#lastToken);
    const entry = { key, fingerprint, token, answer: undefined, expiresAt: now + leaseMs };
    if (this.#walk) {
      if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value);
    } else {
      if (this.#tail - this.#head >= this.#maxEntries) this.#dropOldest();
      this.#queue[this.#tail++ % this.#maxEntries] = entry;
    }
    this.#entries.set(key, entry);
    return { state: "claimed", token };
  }

  async complete(key, token, fingerprint, answer, ttlMs) {
    const held = this.#entries.get(key);
    if (held === undefined || held.answer !== undefined || held.token !== token) return false;
    held.fingerprint = fingerprint;
    held.answer = answer;
    held.expiresAt = this.#now() + ttlMs;
    return true;
  }

  #dropExpired(now) {
    while (this.#head < this.#tail) {
      const oldest = this.#queue[this.#head % this.#maxEntries];
      if (this.#entries.get(oldest.key) === oldest && oldest.expiresAt > now) return;
      this.#dropOldest();
    }
  }

  #dropOldest() {
    const oldest = this.#queue[this.#head % this.#maxEntries];
    this.#queue[this.#head++ % this.#maxEntries] = undefined;
    if (this.#entries.get(oldest.key) === oldest) this.#entries.delete(oldest.key);
  }

  #walkExpired(now) {
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) return;
      this.#entries.delete(key);
    }
  }
}

// What the inquiry router stores: `inquiry:<client>:<Request-Id>`, the body's digest, its signed answer.
const hex = (n, width) => (n >>> 0).toString(16).padStart(width, "0");
const requestId = (n) =>
  `${hex(n * 2654435761, 8)}-${hex(n, 4)}-4${hex(n >>> 4, 3)}-8${hex(n * 40503, 3)}-${hex(n * 2246822519, 12)}`;
const base64ish = (n) =>
  Buffer.from(`${hex(n * 2654435761, 8)}${hex(n, 8)}${hex(n * 40503, 8)}${hex(~n, 8)}`, "hex").toString("base64");
const keyOf = (n) => `inquiry:MCH-0001-BENCH:${requestId(n)}`;
const digestOf = (n) => base64ish(n).repeat(2).slice(0, 43) + "=";
const answerOf = (n) => ({
  statusCode: 200,
  headers: {
    "Client-Id": "MCH-0001-BENCH",
    "Request-Id": requestId(n),
    "Response-Timestamp": new Date(1_700_000_000_000 + n * 1000).toISOString().slice(0, 19) + "Z",
    Signature:
      "HMACSHA256=" +
      base64ish(n * 7)
        .repeat(2)
        .slice(0, 43) +
      "=",
    "Content-Type": "application/json",
    "Cache-Control": "no-transform",
  },
  body: Buffer.from(
    JSON.stringify({
      order: { invoice_number: `INV-${n}`, amount: 150000 },
      online_to_offline_info: { payment_code: "8896512345678123", info: "Toko Demo" },
      online_to_offline_inquiry: { status: "success" },
      customer: { name: "Budi Santoso", email: "budi@example.com" },
      additional_info: {},
    }),
  ),
});

async function store(kind, entries, ops) {
  let clock = 1_000_000;
  const now = () => clock;
  const { createMemoryStore } = require(process.env.BENCH_DIST || "express-doku");
  const settle = () => new Promise((r) => setImmediate(r));
  const collect = () => (global.gc(), global.gc());
  const memory = () => process.memoryUsage();
  let n = 0;
  const put = async (s) => {
    n++;
    clock++;
    const key = keyOf(n);
    const digest = digestOf(n);
    const claim = await s.claim(key, digest, LEASE_MS);
    if (claim.state !== "claimed" || !(await s.complete(key, claim.token, digest, answerOf(n), TTL_MS)))
      throw new Error("not stored");
  };

  await settle();
  collect();
  const before = memory();
  const s =
    kind === "memory-store"
      ? createMemoryStore({ maxEntries: entries, now })
      : new MapStore({ maxEntries: entries, now, walk: kind === "map-walk" });
  for (let i = 0; i < entries; i++) await put(s);
  await settle();
  collect();
  const filled = memory();
  // The first entry is still held, byte for byte.
  const first = await s.claim(keyOf(1), digestOf(1), LEASE_MS);
  if (first.state !== "completed" || !first.answer.body.equals(answerOf(1).body))
    throw new Error(`${kind}: first entry lost`);

  const pauses = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ kind: e.detail.kind, ms: e.duration });
  });
  observer.observe({ entryTypes: ["gc"] });
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) {
    await put(s);
    // Now and then back to the event loop, as a server would be: the observer's entries come through.
    if (i % 5_000 === 0) await settle();
  }
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const { user, system } = process.cpuUsage(cpu);
  await settle();
  observer.disconnect();
  const of = (k) => pauses.filter((p) => p.kind === k);
  const sum = (list) => list.reduce((t, p) => t + p.ms, 0);
  const minor = of(constants.NODE_PERFORMANCE_GC_MINOR);
  const major = of(constants.NODE_PERFORMANCE_GC_MAJOR);
  const MB = 1024 * 1024;
  return {
    kind,
    retainedHeapMB: (filled.heapUsed - before.heapUsed) / MB,
    retainedArrayBuffersMB: (filled.arrayBuffers - before.arrayBuffers) / MB,
    retainedRssMB: (filled.rss - before.rss) / MB,
    heapTotalMB: filled.heapTotal / MB,
    opsPerSec: Math.round(ops / (wallMs / 1000)),
    cpuUsPerOp: (user + system) / ops,
    scavenges: minor.length,
    scavengeMs: sum(minor),
    markCompacts: major.length,
    markCompactMs: sum(major),
    gcMs: sum(pauses),
    longestPauseMs: Math.max(0, ...pauses.map((p) => p.ms)),
  };
}

function main() {
  const entries = Number(option("entries", 10_000));
  const ops = Number(option("ops", 400_000));
  const rounds = Number(option("rounds", 3));
  const kinds = option("kinds", "memory-store,map").split(",");
  const runs = [];
  for (let round = 0; round < rounds; round++) {
    for (const kind of round % 2 === 0 ? kinds : [...kinds].reverse()) {
      const out = execFileSync(
        process.execPath,
        ["--expose-gc", __filename, "--child", kind, String(entries), String(ops)],
        {
          encoding: "utf8",
          env: process.env,
        },
      );
      runs.push(JSON.parse(out));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fields = Object.keys(runs[0]).filter((f) => f !== "kind");
  const rows = kinds.map((kind) => {
    const mine = runs.filter((r) => r.kind === kind);
    return { kind, ...Object.fromEntries(fields.map((f) => [f, Number(median(mine.map((r) => r[f])).toFixed(2))])) };
  });
  console.log(
    `${entries} entries, ${ops} claims + completions under load, ${rounds} rounds, Node ${process.version} (medians)`,
  );
  console.table(rows);
  console.log(JSON.stringify({ entries, ops, rounds, node: process.version, runs }));
}

if (process.argv[2] === "--child") {
  const [kind, entries, ops] = process.argv.slice(3);
  store(kind, Number(entries), Number(ops)).then(
    (result) => process.stdout.write(JSON.stringify(result)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main();
}
