import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      "signature/index": "src/signature/index.ts",
      "fetch/index": "src/fetch/index.ts",
      "fastify/index": "src/fastify/index.ts",
      "postgres/index": "src/postgres/index.ts",
      "sqlite/index": "src/sqlite/index.ts",
      "mysql/index": "src/mysql/index.ts",
      "knex/index": "src/knex/index.ts",
      "kysely/index": "src/kysely/index.ts",
      "drizzle/index": "src/drizzle/index.ts",
      "prometheus/index": "src/prometheus/index.ts",
      "otel/index": "src/otel/index.ts",
      "testing/index": "src/testing/index.ts",
      "emulator/index": "src/emulator/index.ts",
    },
    format: ["cjs", "esm"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "node20",
    external: ["express", "fastify", "supertest", "ioredis", "pg", "better-sqlite3", "mysql2", "knex", "kysely", "drizzle-orm", "prom-client", "@opentelemetry/api"],
  },
  {
    entry: { "cli/main": "src/cli/main.ts" },
    format: ["cjs"],
    sourcemap: true,
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
