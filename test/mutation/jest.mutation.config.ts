import type { Config } from "jest";

// For Stryker (`npm run mutation`): the in-process suites on Express 5. Left out: the suites
// that spawn the built package, the example app, the CLI or a browser (`*.spawn.test.ts`; most
// run dist/, not the mutant); the package's own checks (test/package/); the documentation's
// (test/readme/, test/docs/: they check the docs' code and links, and the README's blocks do not
// compile in Stryker's sandbox, where the package's types are not resolved); the slow-clients suite,
// whose bounds on wall-clock time and heap growth do not hold for instrumented code. A suite
// that starts a redis-server of its own still runs: the store it tests is the mutant.
const config: Config = {
  rootDir: "../..",
  testEnvironment: "node",
  transform: { "^.+\\.ts$": "ts-jest" },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testPathIgnorePatterns: [
    "\\.spawn\\.test\\.ts$",
    "<rootDir>/test/package/",
    "<rootDir>/test/readme/",
    "<rootDir>/test/docs/",
    "<rootDir>/test/security/slow-clients.test.ts",
  ],
  setupFiles: ["<rootDir>/test/support/express-5.ts", "<rootDir>/test/mutation/mutation-env.ts"],
};

export default config;
