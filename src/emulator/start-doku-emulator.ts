import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { jsonAnswer, writeAnswer } from "../http/answer";
import { pathOf } from "../http/request-target";
import { matchApiRoute } from "./api/api-routes";
import { unknownPathBody } from "./api/doku-errors";
import { type ApiDeps, handleApiCall } from "./api/handle-api-call";
import { ReplayMemory } from "./api/replay-memory";
import { CallLog } from "./call-log";
import { EmulatorClock } from "./clock";
import { CodeBook } from "./code-book";
import { codeView } from "./code-view";
import { checkErrorAnswer, type DokuEmulatorOptions, resolveEmulatorOptions } from "./emulator-options";
import type { DokuEmulator } from "./emulator-types";
import { faultSchema, FaultTable } from "./faults";
import { NotificationOutbox } from "./till/notification-outbox";
import { Till } from "./till/till";
import { adminRoutes } from "./web/admin-api";
import { CASHIER_PAGE } from "./web/cashier-page";
import { howToPay } from "./web/how-to-pay";
import { sendHtml, sendJson } from "./web/http-io";

/**
 * Starts a local DOKU on 127.0.0.1 (a free port unless `port` is given): DOKU's Alfa API,
 * its state, the till, notifications with DOKU's retries, faults, an admin API and a page.
 */
export async function startDokuEmulator(options: DokuEmulatorOptions): Promise<DokuEmulator> {
  const settings = resolveEmulatorOptions(options);
  const clock = new EmulatorClock(settings.now);
  const log = new CallLog(settings.limits.calls, settings.onCall);
  const book = new CodeBook(settings.limits.codes, settings.codePrefix, settings.codeLength);
  const faults = new FaultTable();
  const replays = new ReplayMemory(settings.limits.replays);
  const outbox = new NotificationOutbox({
    clock,
    log,
    schedule: settings.retrySchedule,
    timeoutMs: settings.merchantTimeoutMs,
    limit: settings.limits.codes,
  });
  const till = new Till({ settings, clock, book, outbox, log });
  const bodyTimeoutMs = 10_000;
  let url = "";
  const deps: ApiDeps = { settings, clock, book, log, faults, replays, bodyTimeoutMs, baseUrl: () => url };

  const emulator: DokuEmulator = {
    get url() {
      return url;
    },
    get tillUrl() {
      return `${url}/`;
    },
    close: () =>
      new Promise<void>((done) => {
        outbox.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
    setup: () => ({
      url,
      client_ids: settings.clients.map((c) => c.clientId),
      inquiry_url: settings.inquiryUrl?.href ?? null,
      notification_url: settings.notificationUrl?.href ?? null,
    }),
    codes: () => {
      const now = clock.now();
      return { codes: [...book.all()].map((r) => codeView(r, now)), limit: book.limit, held: book.size };
    },
    inquire: async (input) => {
      const { record: _record, additionalInfo: _info, ...screen } = await till.inquire(input);
      return screen;
    },
    pay: (input) => till.pay(input),
    expire: (paymentCode) => {
      const record = book.byCode(paymentCode);
      if (record === undefined) return false;
      record.expiresAt = Math.min(record.expiresAt, clock.now());
      return true;
    },
    now: () => clock.now(),
    advanceClock: async (ms) => {
      if (!Number.isFinite(ms) || ms < 0)
        throw new TypeError("advanceClock: ms must be a number of milliseconds, 0 or more");
      clock.advance(ms);
      return (await outbox.runDue()).length;
    },
    calls: () => log.view(),
    notifications: () => outbox.list(),
    faults: () => faults.list(),
    addFault: (fault) => faults.add(faultSchema.parse(fault)),
    clearFaults: () => faults.clear(),
    answers: () => settings.answers,
    setAnswer: (name, answer) => {
      if (!Object.hasOwn(settings.answers, name))
        throw new TypeError(`setAnswer: ${String(name)} is not a case the emulator knows`);
      settings.answers[name] = checkErrorAnswer(`setAnswer(${name})`, answer, (where, what) => {
        throw new TypeError(`${where} ${what}`);
      });
    },
    reset: () => {
      book.clear();
      replays.clear();
      log.clear();
      outbox.clear();
      faults.clear();
    },
  };
  const admin = adminRoutes(emulator, bodyTimeoutMs);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req.url ?? "/");
    const method = req.method ?? "GET";
    const api = matchApiRoute(method, path);
    if (api !== undefined) return handleApiCall(deps, req, res, path, api);
    const handler = admin[`${method} ${path}`];
    if (handler !== undefined) return handler(req, res);
    if (method === "GET" && path === "/") return sendHtml(res, 200, CASHIER_PAGE);
    if (method === "GET" && howToPay(res, path)) return;
    writeAnswer(res, jsonAnswer(404, unknownPathBody(path)));
  }

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    route(req, res).catch(() => {
      // Nothing a caller sends reaches here; if the emulator itself broke, say so without a stack.
      if (!res.headersSent)
        sendJson(res, 500, {
          error: { code: "emulator_error", message: "the emulator failed on this call", type: "api_error" },
        });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
      url = `http://${host}:${port}`;
      resolve();
    });
  });
  return emulator;
}
