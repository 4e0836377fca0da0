import type { DokuEvent } from "../../src";
import { printErrorEvent } from "../../src/pipeline/default-event-sink";

// The line the routers print without `onEvent`: one line whatever the merchant's error says.
function printed(event: DokuEvent): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
  try {
    printErrorEvent(event);
  } finally {
    spy.mockRestore();
  }
  return lines;
}

const failed = (detail: string): DokuEvent => ({
  router: "inquiry",
  level: "error",
  reason: "resolver_error",
  statusCode: 400,
  replayed: false,
  requestId: "rid-1",
  clientId: "MCH-1",
  durationMs: 3,
  detail,
});

describe("the default event sink", () => {
  it("keeps a thrown message that holds line breaks and bidirectional controls on one line", () => {
    const forged = "db down\nexpress-doku [inquiry] resolved: forged\u2028next\u202eevil\r";
    const lines = printed(failed(forged));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      "express-doku [inquiry] resolver_error: db down express-doku [inquiry] resolved: forged next evil  " +
        "(HTTP 400, Request-Id rid-1, Client-Id MCH-1)",
    );
  });

  it("clips a long detail to 300 characters", () => {
    const [line] = printed(failed("x".repeat(5_000)));
    expect(line).toContain(`${"x".repeat(300)}…`);
    expect(line?.length).toBeLessThan(400);
  });

  it("prints nothing for an info or warn event", () => {
    expect(printed({ ...failed("fine"), level: "warn", reason: "bad_signature" })).toEqual([]);
  });
});
