import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createTcpServer, type Server, type Socket } from "node:net";

import { type ClientEvent, createDokuClient, type DokuClientOptions, DokuError } from "../../src";
import { order } from "../support/client";
import { CLIENT_ID, DGPC_PATH, SECRET } from "../support/doku-api";
import { SELF_SIGNED } from "./self-signed-certificate";

// A failure before the request was written (refused, no such host, reset while connecting, a TLS
// handshake refused) sent nothing: `not_sent`, safe to send again. Anything later may have reached DOKU.

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("resolved");
    },
    (e: unknown) => e as DokuError,
  );

function clientAt(baseUrl: string, options: Partial<DokuClientOptions> = {}) {
  const events: ClientEvent[] = [];
  const client = createDokuClient({
    clientId: CLIENT_ID,
    secretKey: SECRET,
    baseUrl,
    retryDelay: { initialMs: 1, maxMs: 2 },
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { client, events };
}

async function listening(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return `127.0.0.1:${address.port}`;
}

function closing(server: Server, sockets: Set<Socket> = new Set()): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((done) => server.close(() => done()));
}

/** A port nothing listens on: one that was just free. */
async function closedPort(): Promise<string> {
  const server = createTcpServer();
  const host = await listening(server);
  await closing(server);
  return host;
}

describe("a closed port", () => {
  let base: string;
  beforeAll(async () => {
    base = `http://${await closedPort()}`;
  });

  it("a create is not_sent, retried, and names the method and the full URL", async () => {
    const { client, events } = clientAt(base);
    const error = await caught(client.createPaymentCode(order("INV-CLOSED")));
    expect(error).toBeInstanceOf(DokuError);
    expect(error).toMatchObject({
      type: "not_sent",
      method: "POST",
      url: `${base}${DGPC_PATH}`,
      status: undefined,
      attempts: 3,
      invoiceNumber: "INV-CLOSED",
    });
    expect(error.message).toBe(
      `POST ${base}${DGPC_PATH}: could not connect (ECONNREFUSED), 3 attempts: check baseUrl and that its server is up; nothing was sent: sending it again is safe, even under a new Request-Id`,
    );
    expect(events.filter((e) => e.type === "retry").map((e) => e.reason)).toEqual(["not_sent", "not_sent"]);
  });

  it("a read is not_sent too, with its full URL", async () => {
    const { client } = clientAt(base, { maxRetries: 0 });
    const error = await caught(client.getStatus("INV 1"));
    expect(error).toMatchObject({
      type: "not_sent",
      method: "GET",
      url: `${base}/orders/v1/status/INV%201`,
      attempts: 1,
    });
    expect(error.message).toMatch(
      new RegExp(`^GET ${base}/orders/v1/status/INV%201: could not connect \\(ECONNREFUSED\\)`),
    );
  });

  it("an update and a cancel are not_sent", async () => {
    const { client } = clientAt(base, { maxRetries: 0 });
    const code = { order: { invoice_number: "INV-U" }, online_to_offline_info: { payment_code: "8888" } };
    expect(await caught(client.updatePaymentCode(code))).toMatchObject({ type: "not_sent", method: "PATCH" });
    expect(await caught(client.cancelPaymentCode(code))).toMatchObject({ type: "not_sent", method: "PATCH" });
  });

  it("the caller aborting between attempts that were all refused: still not_sent", async () => {
    const stop = new AbortController();
    const { client } = clientAt(base, {
      retryDelay: { initialMs: 10_000, maxMs: 10_000 },
      onEvent: (e) => {
        if (e.type === "retry") stop.abort();
      },
    });
    const error = await caught(client.createPaymentCode(order("INV-ABORTED"), { signal: stop.signal }));
    expect(error).toMatchObject({ type: "not_sent", attempts: 1 });
    expect(error.message).toContain("aborted by the caller between attempts");
  });
});

it("a host that does not exist: not_sent", async () => {
  const { client } = clientAt("http://express-doku-test.invalid", { maxRetries: 0 });
  const error = await caught(client.createPaymentCode(order("INV-DNS")));
  expect(error).toMatchObject({
    type: "not_sent",
    url: `http://express-doku-test.invalid${DGPC_PATH}`,
  });
  expect(error.message).toMatch(/could not connect \((ENOTFOUND|EAI_AGAIN)\)/);
});

describe("a server that resets the connection", () => {
  it("while connecting: not_sent", async () => {
    const server = createTcpServer((socket) => socket.resetAndDestroy());
    const base = `http://${await listening(server)}`;
    try {
      const { client } = clientAt(base, { maxRetries: 1 });
      const error = await caught(client.createPaymentCode(order("INV-RST-CONNECT")));
      expect(error).toMatchObject({ type: "not_sent", attempts: 2 });
      expect(error.message).toContain("could not connect (ECONNRESET)");
    } finally {
      await closing(server);
    }
  });

  it("after reading the request: a create may have happened, a read is a connection error", async () => {
    let requests = 0;
    const sockets = new Set<Socket>();
    const server = createTcpServer((socket) => {
      sockets.add(socket);
      socket.once("data", () => {
        requests++;
        socket.resetAndDestroy();
      });
    });
    const base = `http://${await listening(server)}`;
    try {
      const { client } = clientAt(base, { maxRetries: 1 });
      const created = await caught(client.createPaymentCode(order("INV-RST-READ")));
      expect(created).toMatchObject({ type: "unknown_outcome", method: "POST", url: `${base}${DGPC_PATH}` });
      expect(created.message).toContain("the connection failed (ECONNRESET)");
      expect(requests).toBe(2);
      expect(await caught(client.getStatus("INV-RST-READ"))).toMatchObject({ type: "connection", method: "GET" });
    } finally {
      await closing(server, sockets);
    }
  });
});

describe("TLS refused before the request", () => {
  it("https against a plain HTTP server (the local DOKU): not_sent", async () => {
    let requests = 0;
    const server = createHttpServer((_req, res) => {
      requests++;
      res.end("{}");
    });
    const host = await listening(server);
    try {
      const { client } = clientAt(`https://${host}`, { maxRetries: 0 });
      const error = await caught(client.createPaymentCode(order("INV-TLS")));
      expect(error).toMatchObject({ type: "not_sent", url: `https://${host}${DGPC_PATH}` });
      expect(error.message).toContain("could not connect (ERR_SSL_WRONG_VERSION_NUMBER)");
      expect(requests).toBe(0);
    } finally {
      server.closeAllConnections();
      await closing(server);
    }
  });

  it("a certificate no one signed: not_sent", async () => {
    let requests = 0;
    const server = createHttpsServer(SELF_SIGNED, (_req, res) => {
      requests++;
      res.end("{}");
    });
    const host = await listening(server);
    try {
      const { client } = clientAt(`https://${host}`, { maxRetries: 0 });
      const error = await caught(client.createPaymentCode(order("INV-CERT")));
      expect(error).toMatchObject({ type: "not_sent" });
      expect(error.message).toContain("could not connect (DEPTH_ZERO_SELF_SIGNED_CERT)");
      expect(requests).toBe(0);
    } finally {
      server.closeAllConnections();
      await closing(server);
    }
  });
});

describe("an attempt that may have reached DOKU, then refused ones", () => {
  it("a create whose first attempt timed out and the next were refused is an unknown outcome", async () => {
    let requests = 0;
    const server = createHttpServer(() => {
      requests++;
      // No answer, and no one listens from now on: the retries are refused.
      server.close();
    });
    const base = `http://${await listening(server)}`;
    try {
      const { client, events } = clientAt(base, { timeoutMs: 300, maxRetries: 2 });
      const error = await caught(client.createPaymentCode(order("INV-TIMEOUT-REFUSED")));
      expect(requests).toBe(1);
      expect(events.filter((e) => e.type === "retry").map((e) => e.reason)).toEqual(["timeout", "not_sent"]);
      expect(error).toMatchObject({ type: "unknown_outcome", attempts: 3, url: `${base}${DGPC_PATH}` });
      expect(error.message).toBe(
        `POST ${base}${DGPC_PATH}: could not connect (ECONNREFUSED) after an earlier attempt that may have reached DOKU, 3 attempts; it may have happened: retry with the same Request-Id (DOKU answers 409 with the first answer) or check the status; never send it again under a new Request-Id`,
      );
    } finally {
      server.closeAllConnections();
    }
  });

  it("the same for a read is a connection error, never not_sent", async () => {
    const server = createHttpServer(() => server.close());
    const base = `http://${await listening(server)}`;
    try {
      const { client } = clientAt(base, { timeoutMs: 300, maxRetries: 1 });
      expect(await caught(client.getStatus("INV-1"))).toMatchObject({ type: "connection", attempts: 2 });
    } finally {
      server.closeAllConnections();
    }
  });
});
