// @ts-check
"use strict";
// The example's settings, from the environment, checked before anything starts.
const { join } = require("node:path");
const { METHODS } = require("./bills");

/** A variable that is wrong or missing: one line that says which and how to fix it. */
class ConfigError extends Error {}

const DEVELOPMENT = { clientId: "MCH-0001-DEVELOPMENT", secretKey: "SK-DEVELOPMENT-ONLY" };

/**
 * @typedef {object} Config
 * @property {"local" | "sandbox" | "production"} dokuEnv  local runs the DOKU emulator in this process
 * @property {string} clientId
 * @property {string} secretKey
 * @property {number} port
 * @property {number} emulatorPort
 * @property {string} databasePath
 * @property {import("./bills").Method} defaultMethod
 * @property {{ intervalMs: number, minAgeMs: number, callsPerMinute: number }} reconcile
 * @property {number} dokuTimeoutMs  per attempt of a call to DOKU
 * @property {boolean} developmentKeys  the built-in keys, for the emulator only
 */

/** @param {NodeJS.ProcessEnv} env @param {string} name @param {number} fallback @param {number} min @param {number} max */
function wholeNumber(env, name, fallback, min, max) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(`${name} is ${JSON.stringify(raw)}; set it to a whole number from ${min} to ${max}`);
  return value;
}

/** @param {NodeJS.ProcessEnv} env @returns {Config} */
function readConfig(env) {
  const dokuEnv = env.DOKU_ENV === undefined || env.DOKU_ENV === "" ? "local" : env.DOKU_ENV;
  if (dokuEnv !== "local" && dokuEnv !== "sandbox" && dokuEnv !== "production")
    throw new ConfigError(
      `DOKU_ENV is ${JSON.stringify(dokuEnv)}; set it to local (the emulator), sandbox or production`,
    );
  const production = env.NODE_ENV === "production";
  if (production && dokuEnv === "local")
    throw new ConfigError(
      "NODE_ENV=production runs against DOKU, not the local emulator: set DOKU_ENV to sandbox or production",
    );
  const local = dokuEnv === "local";
  for (const name of ["DOKU_CLIENT_ID", "DOKU_SECRET_KEY"]) {
    if (!local && !env[name])
      throw new ConfigError(`DOKU_ENV=${dokuEnv} talks to DOKU: set ${name} to the value from DOKU's Back Office`);
  }
  const clientId = env.DOKU_CLIENT_ID || DEVELOPMENT.clientId;
  const secretKey = env.DOKU_SECRET_KEY || DEVELOPMENT.secretKey;
  if (production && (clientId === DEVELOPMENT.clientId || secretKey === DEVELOPMENT.secretKey)) {
    throw new ConfigError(
      `NODE_ENV=production refuses the development ${clientId === DEVELOPMENT.clientId ? "DOKU_CLIENT_ID" : "DOKU_SECRET_KEY"}: set your own`,
    );
  }
  if (production && !env.DATABASE_PATH)
    throw new ConfigError(
      "NODE_ENV=production: set DATABASE_PATH to where the orders are kept (not inside the example's folder)",
    );
  const method = env.DOKU_METHOD === undefined || env.DOKU_METHOD === "" ? "direct_inquiry" : env.DOKU_METHOD;
  if (!(/** @type {readonly string[]} */ (METHODS).includes(method)))
    throw new ConfigError(`DOKU_METHOD is ${JSON.stringify(method)}; set it to one of ${METHODS.join(", ")}`);
  return {
    dokuEnv,
    clientId,
    secretKey,
    port: wholeNumber(env, "PORT", 3000, 0, 65_535),
    emulatorPort: wholeNumber(env, "DOKU_EMULATOR_PORT", 4010, 0, 65_535),
    databasePath: env.DATABASE_PATH || join(__dirname, "data", "merchant.sqlite"),
    defaultMethod: /** @type {import("./bills").Method} */ (method),
    reconcile: {
      // DOKU asks for no Check Status sooner than 60 s after a payment.
      intervalMs: wholeNumber(env, "RECONCILE_INTERVAL_MS", 60_000, 100, 86_400_000),
      minAgeMs: wholeNumber(env, "RECONCILE_MIN_AGE_MS", 60_000, 0, 86_400_000),
      callsPerMinute: wholeNumber(env, "RECONCILE_CALLS_PER_MINUTE", 30, 1, 100_000),
    },
    dokuTimeoutMs: wholeNumber(env, "DOKU_TIMEOUT_MS", 30_000, 1, 600_000),
    developmentKeys: clientId === DEVELOPMENT.clientId || secretKey === DEVELOPMENT.secretKey,
  };
}

module.exports = { readConfig, ConfigError };
