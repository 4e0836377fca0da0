import type { DokuEmulator } from "../../src/emulator";
import { verifyDokuResponse } from "../../src/testing";
import { callDoku, CLIENT_ID, DGPC_PATH, dgpcBody, emulatorWith, patchBody, SECRET } from "../support/doku-api";

let emulator: DokuEmulator;
beforeEach(async () => {
  emulator = await emulatorWith();
});
afterEach(() => emulator.close());

const create = (invoice: string, requestId?: string) =>
  callDoku(emulator, { path: DGPC_PATH, body: dgpcBody(invoice), ...(requestId === undefined ? {} : { requestId }) });
const verify = (answer: Awaited<ReturnType<typeof create>>, path = DGPC_PATH) =>
  verifyDokuResponse({
    headers: answer.headers,
    body: answer.text,
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: path,
    requestId: answer.requestId,
  });

describe("faults on demand, per route", () => {
  it("latency: the answer comes late, and the work is done", async () => {
    emulator.addFault({ route: "create", latencyMs: 300, times: 1 });
    const started = performance.now();
    const answer = await create("INV-SLOW");
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.status).toBe(200);
    expect(emulator.faults()).toEqual([]);
  });

  it("lose_answer: the code is made, the caller hears nothing, and its retry gets the first answer with 409", async () => {
    emulator.addFault({ route: "create", outcome: "lose_answer", times: 1 });
    await expect(
      callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("INV-LOST"), requestId: "lost-1", timeoutMs: 500 }).then(
        () => "answered",
        (e: Error) => e.name,
      ),
    ).resolves.toBe("TimeoutError");
    expect(emulator.codes().held).toBe(1);
    const retry = await create("INV-LOST", "lost-1");
    expect(retry.status).toBe(409);
    expect(retry.json.online_to_offline_info.payment_code).toBe(emulator.codes().codes[0]?.payment_code);
    expect(verify(retry)).toEqual({ valid: true });
    const calls = emulator.calls().calls.filter((c) => c.requestId === "lost-1");
    expect(calls.map((c) => [c.status, c.replayed ?? false])).toEqual([
      [200, false],
      [409, true],
    ]);
    expect(calls[0]?.fault).toContain("lose_answer");
  });

  it("reset: the connection drops before any work", async () => {
    emulator.addFault({ route: "create", outcome: "reset", times: 1 });
    await expect(create("INV-RESET")).rejects.toThrow("fetch failed");
    expect(emulator.codes().held).toBe(0);
    expect((await create("INV-RESET")).status).toBe(200);
  });

  it.each([503, 500, 429])("error_status %i: DOKU's envelope, no work done, nothing remembered", async (status) => {
    emulator.addFault({ route: "create", outcome: "error_status", status, times: 1 });
    const failed = await create("INV-5XX", "five-1");
    expect(failed.status).toBe(status);
    expect(failed.json).toEqual({
      error: {
        code: status === 429 ? "too_many_requests" : "internal_server_error",
        message: "The emulator played a fault on this call",
        type: "api_error",
      },
    });
    expect(emulator.codes().held).toBe(0);
    const retry = await create("INV-5XX", "five-1");
    expect(retry.status).toBe(200);
  });

  it("html: a gateway's HTML page with 502", async () => {
    emulator.addFault({ route: "status", outcome: "html" });
    const answer = await callDoku(emulator, { method: "GET", path: "/orders/v1/status/INV-1" });
    expect(answer.status).toBe(502);
    expect(answer.headers.get("content-type")).toBe("text/html");
    expect(answer.text).toContain("502 Bad Gateway");
  });

  it("a wrong answer signature, then a missing one", async () => {
    emulator.addFault({ route: "create", signature: "wrong", times: 1 });
    emulator.addFault({ route: "create", signature: "missing", times: 1 });
    const wrong = await create("INV-W");
    expect(wrong.status).toBe(200);
    expect(wrong.headers.get("signature")).toMatch(/^HMACSHA256=[A-Za-z0-9+/]{43}=$/);
    expect(verify(wrong)).toMatchObject({ valid: false, reason: "bad_signature" });
    const missing = await create("INV-M");
    expect(missing.headers.get("signature")).toBeNull();
    expect(verify(missing)).toMatchObject({ valid: false, reason: "missing_header" });
    expect(verify(await create("INV-OK"))).toEqual({ valid: true });
  });

  it("amounts as strings, as DOKU was seen to send them in Check Status", async () => {
    await create("INV-STR");
    emulator.addFault({ route: "status", amountsAsStrings: true });
    const answer = await callDoku(emulator, { method: "GET", path: "/orders/v1/status/INV-STR" });
    expect(answer.json.order.amount).toBe("150000");
    expect(answer.json.online_to_offline_info.reusable_status).toBe("false");
    expect(verify(answer, "/orders/v1/status/INV-STR")).toEqual({ valid: true });
  });

  it("tells update from cancel, matches * on every route, and clears", async () => {
    const code = (await create("INV-U")).json.online_to_offline_info.payment_code as string;
    emulator.addFault({ route: "cancel", outcome: "error_status" });
    const update = await callDoku(emulator, {
      method: "PATCH",
      path: DGPC_PATH,
      body: patchBody("INV-U", code, "ACTIVE"),
    });
    expect(update.status).toBe(200);
    const cancel = await callDoku(emulator, {
      method: "PATCH",
      path: DGPC_PATH,
      body: patchBody("INV-U", code, "DELETE"),
    });
    expect(cancel.status).toBe(503);
    emulator.clearFaults();
    emulator.addFault({ route: "*", outcome: "error_status", status: 500, times: 2 });
    expect((await create("INV-STAR")).status).toBe(500);
    expect((await callDoku(emulator, { method: "GET", path: "/orders/v1/status/INV-U" })).status).toBe(500);
    expect((await create("INV-STAR")).status).toBe(200);
  });

  it("through the admin API, with its input checked", async () => {
    const post = (body: unknown) =>
      fetch(`${emulator.url}/_emulator/faults`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const added = await post({ route: "register", outcome: "html", times: 3 });
    expect(await added.json()).toEqual({ faults: [{ route: "register", outcome: "html", times: 3 }] });
    const badRoute = await post({ route: "everything" });
    expect(badRoute.status).toBe(400);
    expect(((await badRoute.json()) as { error: { code: string } }).error.code).toBe("invalid_admin_request");
    expect((await post({ route: "create", sleep: 5 })).status).toBe(400);
    const cleared = await fetch(`${emulator.url}/_emulator/faults`, { method: "DELETE" });
    expect(await cleared.json()).toEqual({ faults: [] });
    expect(emulator.faults()).toEqual([]);
  });
});
