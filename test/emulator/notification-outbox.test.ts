import { createSecretKey } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { CallLog } from "../../src/emulator/call-log";
import { EmulatorClock } from "../../src/emulator/clock";
import { NotificationOutbox } from "../../src/emulator/till/notification-outbox";

// A retry falls due on the emulator's clock, which need not agree with the timers: a timer that
// fires before the clock says the attempt is due is armed again, never dropped.
it("makes a retry whose timer fired before the clock said it was due", async () => {
  let calls = 0;
  const server = createServer((_req, res) => {
    calls++;
    res.writeHead(calls === 1 ? 503 : 200).end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  let lag = 0;
  const clock = new EmulatorClock(() => Date.now() - lag);
  const outbox = new NotificationOutbox({
    clock,
    log: new CallLog(10, undefined),
    schedule: [60],
    timeoutMs: 1_000,
    limit: 10,
  });
  try {
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/n`);
    await outbox.send({
      url,
      clientId: "C",
      key: createSecretKey(Buffer.from("k")),
      body: Buffer.from("{}"),
      requestId: "r",
      invoiceNumber: "I",
      paymentCode: "1",
      transactionStatus: "SUCCESS",
    });
    lag = 25; // from now on the clock runs 25 ms behind the timers
    for (let i = 0; i < 100 && outbox.list().notifications[0]?.state !== "delivered"; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(calls).toBe(2);
    expect(outbox.list().notifications[0]).toMatchObject({
      state: "delivered",
      attempts: [{ status: 503 }, { status: 200 }],
    });
  } finally {
    outbox.close();
    server.close();
  }
});
