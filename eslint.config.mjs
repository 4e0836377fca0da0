// `npm run lint`: eslint with typescript-eslint's type-checked rules over the package, its
// tests, the benchmark and the example merchant.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import simpleImportSort from "eslint-plugin-simple-import-sort";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    ignores: [
      "dist/",
      "coverage/",
      "reports/",
      ".stryker-tmp/",
      ".bench-variants/",
      "example-app/data/",
      "examples/nextjs/.next/",
      "node_modules/",
    ],
  },
  js.configs.recommended,
  { plugins: { "simple-import-sort": simpleImportSort } },
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        // The README's stand-ins for a merchant's app: outside the main tsconfig on purpose.
        projectService: { allowDefaultProject: ["test/readme/prelude.d.ts"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Stores and handlers implement Promise-returning contracts: `async` turns a throw into a
      // rejection even where nothing is awaited.
      "@typescript-eslint/require-await": "off",
      // One import per module, in one order (builtins, packages, then relative paths).
      "no-duplicate-imports": "error",
      "simple-import-sort/imports": "error",
      "simple-import-sort/exports": "error",
    },
  },
  {
    // protocol/ is entered through its index: one import style, and its files can move freely.
    files: ["src/**/*.ts"],
    ignores: ["src/protocol/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "(^|/)protocol/.+", message: 'import protocol/ from its index: "../protocol"' }] },
      ],
    },
  },
  {
    // supertest types every answer body as `any`, and jest's matchers take methods unbound.
    files: ["test/**"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/unbound-method": "off",
      // Answer bodies read as JSON in assertions.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // The Next.js example has a package.json of its own: from there "express-doku" is found in dist/ only by this tsconfig.
    files: ["examples/nextjs/**/*.ts"],
    languageOptions: { parserOptions: { projectService: false, project: "test/nextjs/tsconfig.example.json" } },
  },
  {
    // Scripts no tsconfig covers: the benchmark's processes and the tools' configs.
    files: [
      "bench/**",
      "*.config.mjs",
      "test/support/skip-reporter.js",
      "test/redis/instance.js",
      "test/inbox/inbox-app.js",
      "test/inbox/adapters/*.js",
    ],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // CommonJS, as merchants write it: `const { join } = require("node:path")` is not an unbound
    // method (@types/node declares the module's functions as methods).
    files: ["**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off", "@typescript-eslint/unbound-method": "off" },
  },
);
