import type { Config } from "jest";

// For Stryker (`npm run mutation`): the in-process suites on Express 5, without the ones that
// spawn processes against the built package (they would test dist/, not the mutant).
const config: Config = {
  rootDir: "../..",
  testEnvironment: "node",
  transform: { "^.+\\.ts$": "ts-jest" },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testPathIgnorePatterns: [
    "<rootDir>/test/package/",
    "<rootDir>/test/example/",
    "<rootDir>/test/browser/",
    "<rootDir>/test/cli/simulator.test.ts",
    "<rootDir>/test/cli/emulator-command.test.ts",
    "<rootDir>/test/redis/instances.test.ts",
    "<rootDir>/test/redis/lease-across-instances.test.ts",
    "<rootDir>/test/redis/cluster.test.ts",
    "<rootDir>/test/security/slow-clients.test.ts",
  ],
  setupFiles: ["<rootDir>/test/support/express-5.ts", "<rootDir>/test/mutation/mutation-env.ts"],
};

export default config;
