import express from "express";

import { type Answer, writeAnswer } from "../../src/http/answer";
import { listen } from "../support/http";

describe("writing an answer", () => {
  const answer = (headers: Record<string, string>): Answer => ({ statusCode: 200, headers, body: Buffer.from("{}") });

  it("writes the status, the headers, the exact bytes and their length, and keeps the connection", async () => {
    const app = express();
    app.use((_req, res) =>
      writeAnswer(res, {
        statusCode: 201,
        headers: { "Content-Type": "application/json", "X-Doku": "yes" },
        body: Buffer.from('{"é":1}'),
      }),
    );
    const server = await listen(app);
    try {
      const res = await fetch(`${server.url}/`);
      expect(res.status).toBe(201);
      expect(res.headers.get("x-doku")).toBe("yes");
      expect(res.headers.get("content-length")).toBe("8"); // é is two bytes
      expect(res.headers.get("connection")).not.toBe("close");
      expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from('{"é":1}'));
    } finally {
      await server.close();
    }
  });

  it("leaves an answer someone else already sent, and throws for a header Node refuses", async () => {
    const outcomes: string[] = [];
    const app = express();
    app.use((_req, res) => {
      res.status(503).send("busy");
      writeAnswer(res, answer({ "Content-Type": "application/json" }));
      outcomes.push("kept");
    });
    const server = await listen(app);
    try {
      const first = await fetch(`${server.url}/`);
      expect([first.status, await first.text()]).toEqual([503, "busy"]);
    } finally {
      await server.close();
    }
    const bad = express();
    bad.use((_req, res) => {
      try {
        writeAnswer(res, answer({ "X-Bad": "line\nbreak" }));
      } catch (error) {
        outcomes.push((error as { code?: string }).code ?? "threw");
        res.status(500).end();
      }
    });
    const badServer = await listen(bad);
    try {
      expect((await fetch(`${badServer.url}/`)).status).toBe(500);
    } finally {
      await badServer.close();
    }
    expect(outcomes).toEqual(["kept", "ERR_INVALID_CHAR"]);
  });
});
