import { Pool } from "pg";

import { createInquiryHandler } from "../../src/fetch";
import { postgresInbox } from "../../src/postgres";
import { buildInquiryBody, signDokuRequest } from "../../src/testing";
import { postgresForSuite, postgresUnavailableReason } from "../support/postgres-server";
import { describeOnceUnless } from "../support/skips";
import { CLIENT_ID, SECRET } from "./inbox-process";

// The inquiry router's replay on the inbox's database: two machines, one PostgreSQL, no Redis.
// (The store contract itself runs in test/stores/claim-ownership.test.ts.)
const describeOnce = describeOnceUnless(postgresUnavailableReason);

describeOnce("inbox.replayStore()", () => {
  const postgres = postgresForSuite({ max: 4 });
  let pool: Pool;
  beforeAll(() => {
    pool = postgres.pool();
  });

  it("replayStore(): two inquiry handlers on one database replay each other's answers, the resolver asked once", async () => {
    const inbox = postgresInbox({ pool });
    await inbox.migrate();
    const asked: string[] = [];
    const machine = () =>
      createInquiryHandler({
        clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }],
        store: inbox.replayStore(),
        onEvent: false,
        lookupPaymentCode: (code) => {
          asked.push(code);
          return { status: "success", order: { invoice_number: "INV-R", amount: 5_000 }, customer: { name: "Ani" } };
        },
      });
    const [one, two] = [machine(), machine()];
    const s = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/inquiry",
      body: buildInquiryBody(),
    });
    const send = (handler: typeof one) =>
      handler(new Request("http://shop.test/doku/inquiry", { method: "POST", headers: s.headers, body: s.body }));
    const first = await send(one);
    const again = await send(two);
    expect(first.status).toBe(200);
    expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(await first.arrayBuffer()))).toBe(true);
    expect(again.headers.get("signature")).toBe(first.headers.get("signature"));
    expect(asked).toHaveLength(1);
    inbox.close();
  });
});
