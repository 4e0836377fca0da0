import { Agent, type OutgoingHttpHeaders, request as httpRequest } from "node:http";

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A keep-alive agent for property tests: thousands of requests without thousands of sockets. */
export const keepAlive = new Agent({ keepAlive: true, maxSockets: 8 });

/** A POST with headers exactly as given (names' case, repeated values) and the exact bytes. */
export function rawPost(
  url: string,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  agent: Agent = keepAlive,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", headers: { ...headers, "Content-Length": body.length }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode as number, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
