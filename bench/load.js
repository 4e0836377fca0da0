"use strict";
// The load generator, in its own process: autocannon against one bench server, JSON on stdout.
// `node bench/load.js URL PATH inquiry|notification|octokit|stripe SECONDS|--amount=N`;
// BENCH_CONNECTIONS (default 50) for another load, as bench/instructions.js uses.
const autocannon = require("autocannon");
const { SIGNERS } = require("./fixtures");

const [url, path, kind, span] = process.argv.slice(2);
const sign = SIGNERS[kind];
if (sign === undefined) throw new Error(`no signer for ${kind}`);
const limit = span.startsWith("--amount=") ? { amount: Number(span.slice(9)) } : { duration: Number(span) };

autocannon(
  {
    url,
    connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
    ...limit,
    requests: [
      {
        method: "POST",
        path,
        setupRequest(req) {
          const signed = sign();
          return { ...req, headers: signed.headers, body: signed.body };
        },
      },
    ],
  },
  (error, result) => {
    if (error) throw error;
    process.stdout.write(
      `${JSON.stringify({
        requests: result.requests.total,
        reqPerSec: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
      })}\n`,
    );
  },
);
