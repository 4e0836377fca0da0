// PostgreSQL drops the inbox's connection while onPayment waits inside the transaction
// (pg_terminate_backend, as a restart, a failover or idle_in_transaction_session_timeout would):
// the app's process lives on, the notification is not recorded, and DOKU's retry records it.
import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";

import { buildNotificationBody } from "../../src/testing";
import { postgresForSuite, postgresUnavailableReason } from "../support/postgres-server";
import { describeOnceUnless } from "../support/skips";
import { notify } from "./inbox-battery";
import { CLIENT_ID, type InboxApp, readJsonLines, SECRET } from "./inbox-process";

const ROOT = resolve(__dirname, "../..");

type InboxEvent = ReturnType<InboxApp["events"]>[number];

interface LostApp extends InboxApp {
  /** Lets the onPayment waiting go on. */
  release(): void;
  waiting(invoice: string): Promise<void>;
  /** The n-th event (from 0), once written: it follows the answer. */
  event(n: number): Promise<InboxEvent>;
  alive(): boolean;
}

/** test/inbox/connection-lost-app.ts in a process of its own, from the sources. */
async function startApp(env: Record<string, string>): Promise<LostApp> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", join(__dirname, "connection-lost-app.ts")],
    { cwd: ROOT, env: { PATH: process.env.PATH, CLIENT_ID, SECRET, ...env }, stdio: ["pipe", "pipe", "pipe"] },
  );
  const events: InboxEvent[] = [];
  const lines: Record<string, unknown>[] = [];
  const printed = readJsonLines(child, (parsed) => {
    lines.push(parsed);
    if (parsed.event) events.push(parsed.event as InboxEvent);
  });
  child.stdin?.on("error", () => undefined);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const until = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!check()) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app died ${what}:\n${printed()}`);
      if (Date.now() > deadline) throw new Error(`the app did not get ${what}:\n${printed()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until(() => lines.some((l) => typeof l.port === "number"), "to listen");
  const alive = () => child.exitCode === null && child.signalCode === null;
  const port = lines.find((l) => typeof l.port === "number")?.port as number;
  return {
    url: `http://127.0.0.1:${port}`,
    events: () => events,
    output: printed,
    release: () => child.stdin?.write("go\n"),
    event: async (n) => {
      await until(() => events.length > n, `to event ${n}`);
      return events[n] as InboxEvent;
    },
    waiting: (invoice) => until(() => lines.some((l) => l.waiting === invoice), `to onPayment for ${invoice}`),
    alive,
    async kill() {
      if (alive()) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (alive()) child.kill("SIGTERM");
      await exited;
    },
  };
}

describeOnceUnless(postgresUnavailableReason)("the database drops the inbox's connection during onPayment", () => {
  const { server, pool } = postgresForSuite();

  const count = async (sql: string, value: string) => Number((await pool().query(sql, [value])).rows[0].n);

  describe.each(["pg", "kysely", "drizzle", "knex"])("%s", (orm) => {
    const appName = `doku-lost-${orm}`;

    it("the process lives on, 503 and nothing recorded; DOKU's retry runs onPayment and records it", async () => {
      const app = await startApp({ ORM: orm, DATABASE: server.url, APP_NAME: appName });
      try {
        const invoice = `INV-LOST-${orm}-${Date.now()}`;
        const body = buildNotificationBody({ invoiceNumber: invoice });
        const first = notify(app, body).catch((error: unknown) => error as Error);
        await app.waiting(invoice);

        const held = await pool().query(
          "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle in transaction'",
          [appName],
        );
        expect(held.rows).toHaveLength(1);
        const pid = held.rows[0].pid as number;
        await pool().query("SELECT pg_terminate_backend($1)", [pid]);
        // The backend is gone, and its last words sent to the app, before onPayment goes on.
        while ((await count("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1", String(pid))) > 0) {
          await new Promise((r) => setTimeout(r, 20));
        }
        await new Promise((r) => setTimeout(r, 100));
        app.release();

        const answer = await first;
        expect({ alive: app.alive(), output: app.alive() ? "" : app.output() }).toEqual({ alive: true, output: "" });
        expect(answer).toMatchObject({ status: 503 });
        // What the inbox reports is the connection's failure, not an "error" event's silence.
        expect(await app.event(0)).toMatchObject({
          reason: "store_unavailable",
          statusCode: 503,
          error: expect.stringMatching(/connection/i),
        });
        expect(await count("SELECT count(*) AS n FROM paid_orders WHERE invoice = $1", invoice)).toBe(0);

        const retry = await notify(app, body);
        expect(retry.status).toBe(200);
        expect(await app.event(1)).toMatchObject({ reason: "handled" });
        expect(await count("SELECT count(*) AS n FROM paid_orders WHERE invoice = $1", invoice)).toBe(1);
        expect(app.alive()).toBe(true);
      } finally {
        await app.stop();
      }
    }, 60_000);
  });
});
