import { Writable } from "node:stream";

import { pino } from "pino";
import request from "supertest";
import ts from "typescript";

import { type ClientEvent, createInquiryRouter, createNotificationRouter, type DokuEvent } from "../../src";
import type { DokuEmulator } from "../../src/emulator";
import { buildInquiryBody, buildNotificationBody, signDokuRequest } from "../../src/testing";
import { fileBlock } from "../readme/readme-blocks";
import { clientOf } from "../support/client";
import { emulatorWith } from "../support/doku-api";
import { appWith } from "../support/http";

// The README's pino recipe, run as written with a real pino writing to a stream, and what it
// promises about personal data: a customer's name and e-mail never enter an event.
const NAME = "Siti Rahmawati";
const EMAIL = "siti.rahmawati@example.com";
const CLIENTS = [{ clientId: "MCH-LOG", secretKeys: ["SK-LOG-0001"] }];

interface Recipe {
  logDokuEvent(logger: pino.Logger): (event: DokuEvent) => void;
  logClientEvent(logger: pino.Logger): (event: ClientEvent) => void;
}

function recipe(): Recipe {
  const js = ts.transpileModule(fileBlock("Logs (pino)", "doku-logging.ts"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const exports = {} as Recipe;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the README's own block, compiled
  new Function("require", "exports", js)(() => {
    throw new Error("the recipe requires nothing at run time");
  }, exports);
  return exports;
}

/** A pino at debug level writing each line, parsed, to `lines`. */
function logger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line !== "") lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: pino({ level: "debug" }, stream) };
}

const settle = () => new Promise((r) => setImmediate(r));

function signedPost(app: ReturnType<typeof appWith>, path: string, body: object) {
  const s = signDokuRequest({ clientId: "MCH-LOG", secretKey: "SK-LOG-0001", requestTarget: path, body });
  return request(app).post(path).set(s.headers).send(s.body);
}

describe("the README's pino recipe", () => {
  const { logDokuEvent, logClientEvent } = recipe();
  let emulator: DokuEmulator;
  beforeEach(async () => {
    emulator = await emulatorWith();
  });
  afterEach(() => emulator.close());

  it("logs the routers' events as fields at their own level, without the customer's name or e-mail", async () => {
    const { lines, log } = logger();
    const events: DokuEvent[] = [];
    const sink = logDokuEvent(log);
    const onEvent = (event: DokuEvent) => {
      events.push(event);
      sink(event);
    };
    const app = appWith(
      createInquiryRouter({
        path: "/inquiry",
        clients: CLIENTS,
        onEvent,
        lookupPaymentCode: (code) =>
          code === "8896512345678123"
            ? {
                status: "success",
                order: { invoice_number: "INV-LOG-1", amount: 150_000 },
                customer: { name: NAME, email: EMAIL },
              }
            : // DOKU would refuse a name this long: the event names the field, not the value.
              {
                status: "success",
                order: { invoice_number: "INV-LOG-2", amount: 1 },
                customer: { name: NAME.repeat(9), email: EMAIL },
              },
      }),
      createNotificationRouter({ path: "/notify", clients: CLIENTS, onEvent, onPayment: () => undefined }),
    );
    const answered = await signedPost(app, "/inquiry", buildInquiryBody({ paymentCode: "8896512345678123" }));
    expect(answered.text).toContain(NAME);
    await signedPost(app, "/inquiry", buildInquiryBody({ paymentCode: "8896512345678124" }));
    await signedPost(app, "/notify", buildNotificationBody({ paymentCode: "8896512345678123" }));
    await settle();

    expect(events.map((e) => e.reason)).toEqual(["resolved", "invalid_resolver_result", "handled"]);
    expect(lines.map((l) => [l.level, l.reason, l.router, l.statusCode])).toEqual([
      [30, "resolved", "inquiry", 200],
      [50, "invalid_resolver_result", "inquiry", 400],
      [30, "handled", "notification", 200],
    ]);
    expect(lines[0]).toMatchObject({
      msg: events[0]?.detail,
      requestId: events[0]?.requestId,
      clientId: "MCH-LOG",
      paymentCode: "8896512345678123",
      replayed: false,
      inquiryStatus: "success",
    });
    expect(lines[1]?.msg).toMatch(/customer\.name/);
    for (const text of [JSON.stringify(lines), JSON.stringify(events)]) {
      expect(text).not.toContain(NAME);
      expect(text).not.toContain(EMAIL);
    }
  });

  it("logs the client's events, the failed call as an error, without the customer's data unless eventBodies", async () => {
    const { lines, log } = logger();
    const { client, events } = clientOf(emulator, { onEvent: logClientEvent(log) });
    const seen: ClientEvent[] = events;
    const order = {
      order: { invoice_number: "INV-LOG-C", amount: 150_000 },
      online_to_offline_info: { expired_time: 60, reusable_status: false, info: "Toko Demo" },
      customer: { name: NAME, email: EMAIL },
    };
    const created = await client.createPaymentCode(order);
    await client.updatePaymentCode({ ...order, online_to_offline_info: { payment_code: created.paymentCode } });
    await expect(client.getStatus("INV-NEVER-MADE")).rejects.toMatchObject({ type: "not_found" });
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [20, "DOKU createPaymentCode: request"],
      [20, "DOKU createPaymentCode: response"],
      [30, "DOKU createPaymentCode: result"],
      [20, "DOKU updatePaymentCode: request"],
      [20, "DOKU updatePaymentCode: response"],
      [30, "DOKU updatePaymentCode: result"],
      [20, "DOKU getStatus: request"],
      [20, "DOKU getStatus: response"],
      [50, "DOKU getStatus: result"],
    ]);
    expect(lines[2]?.doku_client).toMatchObject({ type: "result", operation: "createPaymentCode", outcome: "ok" });
    for (const text of [JSON.stringify(lines), JSON.stringify(seen)]) {
      expect(text).not.toContain(NAME);
      expect(text).not.toContain(EMAIL);
    }
  });

  it("with eventBodies: the request's body holds the customer's name and e-mail, as the README says", async () => {
    const { lines, log } = logger();
    const { client } = clientOf(emulator, { onEvent: logClientEvent(log), eventBodies: true });
    await client.createPaymentCode({
      order: { invoice_number: "INV-LOG-B", amount: 150_000 },
      online_to_offline_info: { expired_time: 60, reusable_status: false, info: "Toko Demo" },
      customer: { name: NAME, email: EMAIL },
    });
    const holding = lines.filter((l) => JSON.stringify(l).includes(EMAIL));
    expect(holding.map((l) => (l.doku_client as ClientEvent).type)).toContain("request");
    const sent = JSON.parse((lines[0]?.doku_client as ClientEvent).body as string);
    expect(sent.customer).toEqual({ name: NAME, email: EMAIL });
    const answered = JSON.parse((lines[1]?.doku_client as ClientEvent).answer as string);
    expect(answered.order).toEqual({ invoice_number: "INV-LOG-B" });
  });
});
