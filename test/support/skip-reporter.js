"use strict";
// A Jest reporter that ends the run with each skipped suite and why, where a person running
// `npm test` sees it (a warning printed inside a skipped file is easy to miss).
const { existsSync, readFileSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

class SkipReporter {
  constructor() {
    this.file = join(tmpdir(), `express-doku-skips-${process.pid}.log`);
    // Test workers are started after the reporters and inherit this.
    process.env.EXPRESS_DOKU_SKIP_LOG = this.file;
    rmSync(this.file, { force: true });
  }

  onRunComplete() {
    if (!existsSync(this.file)) return;
    const reasons = [...new Set(readFileSync(this.file, "utf8").split("\n").filter(Boolean))];
    rmSync(this.file, { force: true });
    process.stderr.write(`\nSkipped, and why:\n${reasons.map((r) => `  - ${r}`).join("\n")}\n\n`);
  }
}

module.exports = SkipReporter;
