// @ts-check
"use strict";
// `npm start`: the shop, its database and (unless DOKU_ENV says sandbox or production) a local
// DOKU in the same process, wired to each other.
const { createServer } = require("node:http");
const { createDokuClient } = require("express-doku");
const { startDokuEmulator } = require("express-doku/emulator");
const { sqliteInbox } = require("express-doku/sqlite");
const { createMerchantApp } = require("./app");
const { createBillBook } = require("./bills");
const { ConfigError, readConfig } = require("./config");
const { openDatabase } = require("./database");
const { createPaymentDesk } = require("./payment-desk");
const { paymentHandler } = require("./payments");
const { startReconciler } = require("./reconciler");

/** One JSON line per event, whole: level, reason, detail and the error's name and message. @param {Record<string, unknown>} line */
function log(line) {
  const error = line.error instanceof Error ? { name: line.error.name, message: line.error.message } : line.error;
  console.log(JSON.stringify({ at: new Date().toISOString(), ...line, error }));
}

/** A failure the person starting the shop can fix: one line, exit 1. @param {string} message @returns {never} */
function stop(message) {
  console.error(`example merchant: ${message}`);
  process.exit(1);
}

/** @param {import("node:http").Server} server @param {number} port @param {string} variable */
function listen(server, port, variable) {
  return new Promise((resolve) => {
    server.once("error", (/** @type {NodeJS.ErrnoException} */ error) => {
      if (error.code === "EADDRINUSE")
        stop(`port ${port} is taken: stop what runs there, or set ${variable} (0 picks a free one)`);
      stop(`cannot listen on port ${port} (${error.code ?? error.message}); set ${variable}`);
    });
    server.listen(port, "127.0.0.1", () => resolve(undefined));
  });
}

/** @param {import("node:http").Server} server */
const urlOf = (server) => `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;

async function main() {
  let config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) stop(error.message);
    throw error;
  }
  const db = openDatabase(config.databasePath);
  const bills = createBillBook(db);
  // Payment notifications are recorded in the same file, in the transaction that marks the order paid.
  const inbox = sqliteInbox({ db });
  await inbox.migrate();
  const server = createServer();
  await listen(server, config.port, "PORT");
  const base = urlOf(server);

  const emulator =
    config.dokuEnv === "local"
      ? await startDokuEmulator({
          clients: [{ clientId: config.clientId, secretKeys: [config.secretKey] }],
          inquiryUrl: `${base}/doku/inquiry`,
          notificationUrl: `${base}/doku/notify`,
          port: config.emulatorPort,
          onCall: (call) =>
            log({
              level: "info",
              event: "local_doku",
              direction: call.direction,
              kind: call.kind,
              url: call.url,
              status: call.status,
              requestId: call.requestId,
              error: call.error,
            }),
        }).catch((/** @type {NodeJS.ErrnoException} */ error) => {
          if (error.code === "EADDRINUSE")
            stop(
              `port ${config.emulatorPort} (the local DOKU) is taken: stop what runs there, or set DOKU_EMULATOR_PORT (0 picks a free one)`,
            );
          throw error;
        })
      : undefined;
  const doku = createDokuClient({
    clientId: config.clientId,
    secretKey: config.secretKey,
    ...(emulator === undefined
      ? { environment: /** @type {"sandbox" | "production"} */ (config.dokuEnv) }
      : { baseUrl: emulator.url }),
    verifyResponses: "warn",
    timeoutMs: config.dokuTimeoutMs,
    onEvent: (e) =>
      e.type === "request"
        ? undefined
        : log({ level: e.type === "response_signature" ? "warn" : "info", event: `doku_${e.type}`, ...e }),
  });
  const desk = createPaymentDesk({ bills, doku, log });
  // One onPayment for DOKU's notifications and the reconciler's finds: one exactly-once path.
  const onPayment = paymentHandler(bills, log);
  const app = createMerchantApp({
    clientId: config.clientId,
    secretKey: config.secretKey,
    bills,
    inbox,
    doku,
    desk,
    defaultMethod: config.defaultMethod,
    onPayment,
    onEvent: (e) => log({ event: `doku_${e.router}`, ...e }),
    log,
  });
  server.on("request", app);
  const reconciler = startReconciler({
    bills,
    doku,
    desk,
    clientId: config.clientId,
    inbox,
    onPayment,
    ...config.reconcile,
    log,
  });

  console.log(
    `Toko Demo, the example merchant, on ${base} (database ${config.databasePath}; payment codes made by ${config.defaultMethod} unless an order says otherwise)`,
  );
  if (emulator === undefined) {
    console.log(
      `Talking to DOKU ${config.dokuEnv} as ${config.clientId}; DOKU calls ${base}/doku/inquiry and ${base}/doku/notify once they are public.`,
    );
  } else {
    console.log(`Local DOKU on ${emulator.url}; its cashier page: ${emulator.tillUrl}`);
    console.log("Order and pay in one paste:");
    console.log(
      `  curl -s ${base}/api/orders -H 'Content-Type: application/json' -d '{"amount":150000,"customer_name":"Ani","method":"doku_generated"}' | curl -s ${emulator.url}/_emulator/pay -H 'Content-Type: application/json' -d @-`,
    );
  }

  const shutdown = async () => {
    await reconciler.stop();
    inbox.close();
    server.close(() => {
      db.close();
      process.exit(0);
    });
    server.closeAllConnections();
    void emulator?.close();
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

main().catch((error) => stop(`could not start: ${error instanceof Error ? error.message : String(error)}`));
