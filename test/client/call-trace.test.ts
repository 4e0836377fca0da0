import { subscribe, tracingChannel, unsubscribe } from "node:diagnostics_channel";

import type { ClientTrace } from "../../src/client/client-trace";
import type { DokuEmulator } from "../../src/emulator";
import { clientOf, order } from "../support/client";
import { emulatorWith } from "../support/doku-api";

// Each logical call to DOKU, all its attempts, traced on `express-doku:client` and ended by one
// `result` event: what an APM or a metrics sink reads.
let emulator: DokuEmulator;
beforeEach(async () => {
  emulator = await emulatorWith();
});
afterEach(() => emulator.close());

it("traces a call on express-doku:client: start, then its outcome and attempts at the end", async () => {
  const seen: [string, ClientTrace][] = [];
  const handlers = {
    start: (t: unknown) => seen.push(["start", { ...(t as ClientTrace) }]),
    end: (t: unknown) => seen.push(["end", { ...(t as ClientTrace) }]),
    asyncStart: () => undefined,
    asyncEnd: (t: unknown) => seen.push(["asyncEnd", { ...(t as ClientTrace) }]),
    error: (t: unknown) => seen.push(["error", { ...(t as ClientTrace) }]),
  };
  const channel = tracingChannel("express-doku:client");
  channel.subscribe(handlers);
  try {
    const { client } = clientOf(emulator, {});
    const created = await client.createPaymentCode(order("INV-TRACE"));
    await client.getStatus("INV-TRACE");
    expect(created.online_to_offline_info.payment_code).toMatch(/^\d+$/);
  } finally {
    channel.unsubscribe(handlers);
  }
  expect(seen.map(([kind, t]) => [kind, t.operation])).toEqual([
    ["start", "createPaymentCode"],
    ["end", "createPaymentCode"],
    ["asyncEnd", "createPaymentCode"],
    ["start", "getStatus"],
    ["end", "getStatus"],
    ["asyncEnd", "getStatus"],
  ]);
  expect(seen[2]?.[1]).toMatchObject({ method: "POST", outcome: "ok", attempts: 1 });
  expect(seen[5]?.[1].path).toBe("/orders/v1/status/INV-TRACE");
});

it("a call that fails: its error on the channel and a result event with the DokuError's type", async () => {
  const errors: unknown[] = [];
  const onError = (message: unknown) => errors.push(message);
  subscribe("tracing:express-doku:client:error", onError);
  const { client, events } = clientOf(emulator, { secretKey: "SK-NOT-DOKUS" });
  try {
    await expect(client.createPaymentCode(order("INV-FORGED"))).rejects.toMatchObject({ type: "authentication" });
  } finally {
    unsubscribe("tracing:express-doku:client:error", onError);
  }
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ operation: "createPaymentCode", outcome: "authentication" });
  expect(events.at(-1)).toMatchObject({ type: "result", operation: "createPaymentCode", outcome: "authentication" });
});
