import type { Config } from "jest";

// The whole suite runs twice: against Express 5 and, through the `express4` alias, Express 4.
const tsJest = { "^.+\\.ts$": "ts-jest" };

const project = (displayName: string, extra: Partial<Config> = {}): Config => ({
  displayName,
  modulePathIgnorePatterns: ["<rootDir>/.stryker-tmp/", "<rootDir>/.bench-variants/"],
  testEnvironment: "node",
  transform: tsJest,
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testPathIgnorePatterns: [
    "<rootDir>/test/package/",
    "<rootDir>/test/example/",
    "<rootDir>/test/browser/",
    "<rootDir>/test/nextjs/",
  ],
  setupFilesAfterEnv: ["<rootDir>/test/support/guards.ts"],
  ...extra,
});

const config: Config = {
  reporters: ["default", "<rootDir>/test/support/skip-reporter.js"],
  // Stryker's sandbox copies the package inside the repository while it runs.
  modulePathIgnorePatterns: ["<rootDir>/.stryker-tmp/", "<rootDir>/.bench-variants/"],
  projects: [
    project("express5", { setupFiles: ["<rootDir>/test/support/express-5.ts"] }),
    project("express4", {
      moduleNameMapper: { "^express$": "<rootDir>/node_modules/express4" },
      setupFiles: ["<rootDir>/test/support/express-4.ts"],
    }),
    // Once: child processes that load Express themselves (the packed package, the example app), the browser, next build.
    project("standalone", {
      testMatch: [
        "<rootDir>/test/package/**/*.test.ts",
        "<rootDir>/test/example/**/*.test.ts",
        "<rootDir>/test/browser/**/*.test.ts",
        "<rootDir>/test/nextjs/**/*.test.ts",
      ],
      testPathIgnorePatterns: [],
      setupFilesAfterEnv: ["<rootDir>/test/support/guards.ts"],
    }),
  ],
  collectCoverageFrom: ["src/**/*.ts", "!src/**/index.ts"],
  coverageThreshold: { global: { lines: 90, branches: 80, functions: 90, statements: 90 } },
  coverageReporters: ["text-summary", "lcov"],
};

export default config;
