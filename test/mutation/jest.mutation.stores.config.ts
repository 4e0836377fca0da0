import type { Config } from "jest";

import base from "./jest.mutation.config";

// For `npm run mutation:stores`: the suites that reach src/stores/ (their own, both routers',
// Redis's, the replay and closing-answer ones), a subset of the full in-process suite. A mutant
// these kill the full suite kills too, so the score is a lower bound of the full suite's.
const config: Config = {
  ...base,
  testMatch: [
    "<rootDir>/test/stores/**/*.test.ts",
    "<rootDir>/test/notification/**/*.test.ts",
    "<rootDir>/test/redis/redis-store.test.ts",
    "<rootDir>/test/redis/durability.test.ts",
    "<rootDir>/test/inquiry/body-and-replay.test.ts",
    "<rootDir>/test/security/closing-answers.test.ts",
  ],
};

export default config;
