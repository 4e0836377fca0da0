import { main } from "../../src/cli/main";
import { COLOURS, PLAIN } from "../../src/cli/report";
import { describeCall } from "../../src/cli/run-emulator";
import type { CallLogEntry } from "../../src/emulator";
import { capture } from "./captured-output";

// `express-doku emulator` through the same entry, in this process: coverage and colours.
const waitFor = async (o: { text: string }, text: string) => {
  for (let i = 0; i < 200 && !o.text.includes(text); i++) await new Promise((r) => setTimeout(r, 10));
  expect(o.text).toContain(text);
};

it("runs until SIGINT and prints a line per call, coloured on a TTY", async () => {
  process.env.DOKU_SECRET_KEY = "SK-IN-PROCESS-EMU";
  const out = capture(true);
  const err = capture();
  try {
    const running = main(
      ["emulator", "--port", "0", "--client-id", "MCH-IP-EMU", "--inquiry-url", "http://127.0.0.1:9/doku/inquiry"],
      out,
      err,
    );
    await waitFor(out, "Ctrl-C stops it.");
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out.text)?.[1] as string;
    expect(out.text).toContain("  Inquiry URL:       http://127.0.0.1:9/doku/inquiry\n");
    await fetch(`${url}/orders/v1/status/INV-1`);
    await waitFor(out, "<- status GET /orders/v1/status/INV-1");
    expect(out.text).toContain("\u001b[31m400\u001b[0m  \u001b[31msignature invalid_header_request\u001b[0m");
    process.emit("SIGINT");
    expect(await running).toBe(0);
    expect(out.text).toMatch(/Local DOKU stopped\.\n$/);
    expect(err.text).toBe("");
  } finally {
    delete process.env.DOKU_SECRET_KEY;
  }
});

it("refuses a port out of range and warns about --secret-key", async () => {
  const err = capture();
  expect(await main(["emulator", "--port", "99999", "--client-id", "X"], capture(), err)).toBe(2);
  expect(err.text).toBe("express-doku: --port takes a port number from 0 to 65535\n");
  const warned = capture();
  expect(
    await main(
      ["emulator", "--client-id", "X", "--secret-key", "SK-ON-THE-LINE", "--code-prefix", "x1"],
      capture(),
      warned,
    ),
  ).toBe(2);
  expect(warned.text).toBe(
    "warning: --secret-key lands in your shell history; prefer DOKU_SECRET_KEY\nexpress-doku: --code-prefix must be up to 12 digits\n",
  );
});

describe("describeCall", () => {
  const call: CallLogEntry = {
    id: 1,
    at: "2026-12-01T10:11:12.000Z",
    direction: "sent",
    kind: "notification",
    method: "POST",
    url: "http://127.0.0.1:3000/doku/notify",
    clientId: "MCH",
    requestId: "r-1",
    requestTimestamp: "2026-12-01T10:11:12Z",
    bodyDigest: "d",
    body: "{}",
    status: undefined,
    answer: undefined,
    signature: undefined,
    error: "timeout: no answer within 10 ms",
    attempt: 2,
    durationMs: 10,
  };
  it.each([
    [
      call,
      "10:11:12 -> notification POST http://127.0.0.1:3000/doku/notify timeout: no answer within 10 ms  (attempt 2)  Request-Id r-1",
    ],
    [
      {
        ...call,
        direction: "received",
        kind: "create",
        url: "/p",
        error: undefined,
        attempt: undefined,
        fault: "{}",
        requestId: undefined,
      },
      "10:11:12 <- create POST /p no answer (fault)  (fault)  Request-Id -",
    ],
    [
      {
        ...call,
        direction: "received",
        kind: "create",
        url: "/p",
        error: undefined,
        attempt: undefined,
        status: 409,
        replayed: true,
        signature: { valid: true },
      },
      "10:11:12 <- create POST /p 409  signature ok  (replayed)  Request-Id r-1",
    ],
    [
      { ...call, error: undefined, attempt: undefined },
      "10:11:12 -> notification POST http://127.0.0.1:3000/doku/notify no answer  Request-Id r-1",
    ],
    [
      { ...call, status: 200, attempt: undefined, signature: { valid: false } },
      "10:11:12 -> notification POST http://127.0.0.1:3000/doku/notify 200  signature refused  Request-Id r-1",
    ],
  ] as [CallLogEntry, string][])("%#", (entry, line) => {
    expect(describeCall(entry, PLAIN)).toBe(line);
  });
  it("colours on a TTY", () => {
    expect(describeCall({ ...call, status: 200, error: undefined }, COLOURS)).toContain("\u001b[32m200\u001b[0m");
  });
});
