import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { DokuCaller } from "../../../src/cli/check/doku-caller";

// A server whose answer began (its headers came) has answered: when it then dies mid-answer and
// refuses the next connection, that is its failure, not a wrong URL (exit 2).
let server: Server;
afterEach(() => new Promise<void>((done) => (server.listening ? server.close(() => done()) : done())));

async function startDyingMidAnswer(): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.write("{");
    setTimeout(() => res.socket?.destroy(), 20);
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", () => listening()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/doku/inquiry`;
}

it("a server that died mid-answer and then refuses: the server stopped answering, not a wrong URL", async () => {
  const url = await startDyingMidAnswer();
  const caller = new DokuCaller({ clientId: "MCH-DIES", secretKey: "SK-DIES-FAKE", timeoutMs: 5000, spacingMs: 0 }, [
    url,
  ]);
  expect(await caller.send({ url, body: Buffer.from("{}") })).toMatchObject({ ok: false, reason: "failed" });
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
  expect(await caller.send({ url, body: Buffer.from("{}") })).toMatchObject({
    ok: false,
    reason: "failed",
    detail: "the server stopped answering: ECONNREFUSED",
  });
});
