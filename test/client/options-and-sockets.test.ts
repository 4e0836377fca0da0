import { type AddressInfo, connect, createServer, type Socket } from "node:net";

import { createDokuClient, DOKU_BASE_URLS, type DokuClientOptions } from "../../src";
import { clientOf, order } from "../support/client";
import { CLIENT_ID, emulatorWith, SECRET } from "../support/doku-api";

describe("options are checked at creation, naming the option and never the secret", () => {
  const base = { clientId: CLIENT_ID, secretKey: SECRET, environment: "sandbox" } as const;
  it.each([
    [
      { ...base, clientId: undefined },
      "express-doku: option `clientId` must be a non-empty string, the Client-Id from DOKU's Back Office; got undefined (is the variable set?)",
    ],
    [
      { ...base, secretKey: undefined },
      "express-doku: option `secretKey` is undefined: is the variable it is read from (DOKU_SECRET_KEY?) set?",
    ],
    [
      { ...base, secretKey: "SK-WITH-NEWLINE\n" },
      "express-doku: option `secretKey` has leading or trailing whitespace; copy the key from the DOKU Back Office again",
    ],
    [
      { clientId: CLIENT_ID, secretKey: SECRET },
      'express-doku: option `environment` is required: "sandbox" or "production" (or give baseUrl, e.g. the local emulator\'s url)',
    ],
    [
      { ...base, environment: "staging" },
      'express-doku: option `environment` must be "sandbox" or "production"; got "staging"',
    ],
    [
      { ...base, baseUrl: "http://127.0.0.1:1" },
      "express-doku: option `environment` and `baseUrl`: give one, not both",
    ],
    [
      { clientId: CLIENT_ID, secretKey: SECRET, baseUrl: "127.0.0.1:4010" },
      'express-doku: option `baseUrl` must be an http(s) URL without query, e.g. http://127.0.0.1:4010; got "127.0.0.1:4010"',
    ],
    [
      { clientId: CLIENT_ID, secretKey: SECRET, baseUrl: "https://merchant:hunter2@proxy.example.com" },
      "express-doku: option `baseUrl` must not hold a user name or password (fetch refuses them too)",
    ],
    [{ ...base, timeoutMs: 0 }, "express-doku: option `timeoutMs` must be a whole number from 1 to 600000; got 0"],
    [{ ...base, maxRetries: 11 }, "express-doku: option `maxRetries` must be a whole number from 0 to 10; got 11"],
    [
      { ...base, verifyResponses: "strict" },
      'express-doku: option `verifyResponses` must be "off", "warn" or "enforce"; got "strict"',
    ],
    [{ ...base, fetch: "node-fetch" }, "express-doku: option `fetch` must be a function"],
    [
      { ...base, retryDelay: { initialMs: 100, maxMs: 10 } },
      "express-doku: option `retryDelay.maxMs` must be a whole number from 100 to 600000; got 10",
    ],
  ])("%j", (options, message) => {
    expect(() => createDokuClient(options as unknown as DokuClientOptions)).toThrow(new TypeError(message));
  });

  it("knows DOKU's two environments", () => {
    expect(DOKU_BASE_URLS).toEqual({ sandbox: "https://api-sandbox.doku.com", production: "https://api.doku.com" });
    const sent: string[] = [];
    const client = createDokuClient({
      ...base,
      environment: "production",
      fetch: async (url) => {
        sent.push(typeof url === "string" ? url : url instanceof URL ? url.href : url.url);
        throw new Error("offline");
      },
      maxRetries: 0,
    });
    return client.getStatus("INV-1").catch(() => expect(sent).toEqual(["https://api.doku.com/orders/v1/status/INV-1"]));
  });
});

// Node's fetch (undici) dispatches the second call before the first socket is back in its pool,
// so it opens two; after that, every call reuses them.
it("1,000 sequential calls reuse kept-alive sockets: at most two are opened", async () => {
  const emulator = await emulatorWith();
  const target = new URL(emulator.url);
  let sockets = 0;
  const open = new Set<Socket>();
  // A TCP relay in front of the emulator counts the connections the client opens.
  const relay = createServer((inbound) => {
    sockets += 1;
    const outbound = connect(Number(target.port), target.hostname);
    open.add(inbound).add(outbound);
    inbound.pipe(outbound).pipe(inbound);
    inbound.on("error", () => outbound.destroy());
    outbound.on("error", () => inbound.destroy());
  });
  await new Promise<void>((done) => relay.listen(0, "127.0.0.1", done));
  try {
    const { client } = clientOf(
      { ...emulator, url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}` },
      {
        fetch,
      },
    );
    await client.createPaymentCode(order("INV-POOL"));
    for (let i = 0; i < 999; i++) await client.getStatus("INV-POOL");
    expect(emulator.calls().dropped + emulator.calls().calls.length).toBe(1000);
    expect(sockets).toBeGreaterThanOrEqual(1);
    expect(sockets).toBeLessThanOrEqual(2);
  } finally {
    for (const s of open) s.destroy();
    await new Promise<void>((done) => relay.close(() => done()));
    await emulator.close();
  }
}, 60_000);
