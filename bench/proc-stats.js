"use strict";
// CPU time and RSS of the bench's processes, read from /proc (Linux).
const { execFileSync } = require("node:child_process");
const { readdirSync, readFileSync } = require("node:fs");

const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));

// The fields of /proc/<pid>/stat after the command's name (which may hold spaces): [1] is the parent's pid.
const statFields = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
};
const ticksToUs = (ticks) => (ticks / CLK_TCK) * 1e6;

/** One process's CPU (user + system, µs) and RSS (MB). */
function processStats(pid) {
  const fields = statFields(pid);
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
  return { cpuUs: ticksToUs(ticks), rssMb: rssKb / 1024 };
}

/**
 * The CPU (µs) of a server made of processes, as PostgreSQL is (one backend per connection): the
 * parent's, its live children's, and what its children that ended left in its cutime/cstime.
 */
function treeCpuUs(pid) {
  const parent = statFields(pid);
  let ticks = Number(parent[11]) + Number(parent[12]) + Number(parent[13]) + Number(parent[14]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || entry === String(pid)) continue;
    try {
      const fields = statFields(entry);
      if (fields[1] === String(pid)) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Ended between readdir and read.
    }
  }
  return ticksToUs(ticks);
}

module.exports = { processStats, treeCpuUs };
