import Database from "better-sqlite3";
import express from "express";

import {
  createDokuClient,
  createMemoryStore,
  createNotificationRouter,
  createReconciler,
  type DokuClient,
  type DokuClientOptions,
  type DokuEvent,
  type NotificationContext,
  type PaymentNotification,
  type PendingOrder,
  type ReconcilerContext,
  type ReconcilerEvent,
  type ReconcilerOptions,
} from "../../src";
import type { DokuEmulator } from "../../src/emulator";
import { sqliteInbox } from "../../src/sqlite";
import { CLIENT_ID, emulatorWith, SECRET } from "../support/doku-api";
import { listen, type Running } from "../support/http";

export { CLIENT_ID };

/** One run of onPayment, as the shop saw it. */
export interface PaymentRun {
  invoice: string;
  source: "notification" | "reconciler";
  idempotencyKey: string;
  requestId: string;
  hasReq: boolean;
}

interface Order extends PendingOrder {
  paymentCode: string;
  paid: number;
}

/**
 * A merchant on 127.0.0.1 (the notification router, its store or SQLite inbox) with a local
 * DOKU, a client to it and a reconciler over the same onPayment: real parts, a fake clock for the
 * reconciler only.
 */
export class Shop {
  clock = Date.now();
  /** While true the shop answers DOKU's notifications 503, as a shop that is down. */
  down = false;
  /** Thrown by onPayment while set. */
  failPayments: Error | undefined;
  readonly runs: PaymentRun[] = [];
  readonly notificationEvents: DokuEvent[] = [];
  readonly events: ReconcilerEvent[] = [];
  readonly found: string[] = [];
  readonly orders = new Map<string, Order>();
  emulator!: DokuEmulator;
  client!: DokuClient;
  reconciler!: ReturnType<typeof createReconciler<unknown>>;
  #server!: Running;
  #next = 0;

  private constructor(private readonly db: Database.Database | undefined) {}

  static async start(
    options: {
      inbox?: boolean;
      client?: Partial<DokuClientOptions>;
      reconciler?: Partial<ReconcilerOptions<unknown>>;
    } = {},
  ): Promise<Shop> {
    const db = options.inbox ? new Database(":memory:") : undefined;
    const shop = new Shop(db);
    const inbox = db === undefined ? undefined : sqliteInbox({ db });
    await inbox?.migrate();
    const place = inbox === undefined ? { store: createMemoryStore() } : { inbox };

    // One function for both callers: its ctx says which.
    const onPayment = (n: PaymentNotification, ctx: NotificationContext<unknown> | ReconcilerContext<unknown>) => {
      if (shop.failPayments !== undefined) throw shop.failPayments;
      const order = shop.orders.get(n.order.invoice_number);
      if (order === undefined || n.transaction.status !== "SUCCESS") return;
      order.paid++;
      shop.runs.push({
        invoice: n.order.invoice_number,
        source: ctx.source,
        idempotencyKey: ctx.idempotencyKey,
        requestId: ctx.requestId,
        hasReq: ctx.req !== undefined,
      });
    };
    const app = express();
    app.use((_req, res, next) => (shop.down ? void res.status(503).end() : next()));
    app.use(
      createNotificationRouter({
        path: "/doku/notify",
        clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }],
        ...place,
        onPayment,
        onEvent: (e) => shop.notificationEvents.push(e),
      }),
    );
    shop.#server = await listen(app);
    const running = await emulatorWith({ notificationUrl: `${shop.#server.url}/doku/notify` });
    shop.emulator = running;
    shop.client = createDokuClient({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      baseUrl: running.url,
      maxRetries: 0,
      timeoutMs: 500,
      ...options.client,
    });
    shop.reconciler = createReconciler<unknown>({
      client: shop.client,
      pending: () => [...shop.orders.values()].filter((o) => o.paid === 0),
      onPayment,
      clientId: CLIENT_ID,
      ...place,
      onEvent: (e) => shop.events.push(e),
      onFound: ({ outcome }) => shop.found.push(outcome),
      now: () => shop.clock,
      ...options.reconciler,
    });
    return shop;
  }

  /** An order with a DOKU-generated code, made now on the reconciler's clock. */
  async order(amount = 150_000): Promise<Order> {
    const invoiceNumber = `INV-REC-${Date.now()}-${this.#next++}`;
    const created = await this.client.createPaymentCode({
      order: { invoice_number: invoiceNumber, amount },
      online_to_offline_info: { expired_time: 60, reusable_status: false },
      customer: { name: "Anton Budiman" },
    });
    const order = { invoiceNumber, amount, createdAt: this.clock, paymentCode: created.paymentCode, paid: 0 };
    this.orders.set(invoiceNumber, order);
    return order;
  }

  /** The customer pays at the till; `notify: false` loses DOKU's notification. */
  pay(order: Order, notify = true) {
    return this.emulator.pay({ payment_code: order.paymentCode, notify });
  }

  /** Check Status calls DOKU received. */
  statusCalls(): number {
    return this.emulator.calls().calls.filter((c) => c.kind === "status").length;
  }

  async close(): Promise<void> {
    await this.reconciler.stop();
    await this.emulator.close();
    await this.#server.close();
    this.db?.close();
  }
}
