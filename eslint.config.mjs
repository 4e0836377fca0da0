// `npm run lint`: eslint with typescript-eslint's type-checked rules over the package, its
// tests, the benchmark and the example merchant.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    ignores: ["dist/", "coverage/", "reports/", ".stryker-tmp/", ".bench-variants/", "example-app/data/", "node_modules/"],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Scripts no tsconfig covers: the benchmark's processes and the tools' configs.
    files: ["bench/**", "*.config.mjs", "test/support/skip-reporter.js", "test/redis/instance.js"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ["**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
