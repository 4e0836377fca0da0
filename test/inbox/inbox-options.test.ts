import Database from "better-sqlite3";

import { createMemoryStore, createNotificationRouter, type DokuEvent, type DokuInbox } from "../../src";
import { createNotificationHandler } from "../../src/fetch";
import { sqliteInbox } from "../../src/sqlite";
import { buildNotificationBody, signDokuRequest } from "../../src/testing";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

const onPayment = () => undefined;

describe("the inbox option", () => {
  it("refuses what is not an inbox, naming the option", () => {
    expect(() =>
      createNotificationRouter({ path: "/n", clients: CLIENTS, onPayment, inbox: {} as DokuInbox<undefined> }),
    ).toThrow(/option `inbox`.*must be an inbox/);
  });

  it("refuses an inbox and a store together: the inbox records the notifications itself", () => {
    const db = new Database(":memory:");
    expect(() =>
      createNotificationRouter({
        path: "/n",
        clients: CLIENTS,
        inbox: sqliteInbox({ db }),
        store: createMemoryStore(),
        onPayment: () => undefined,
      }),
    ).toThrow(/option `store`.*give one of them/);
    db.close();
  });

  it("an inbox of the merchant's own that rejects: 503 and a store_unavailable event, onPayment not run", async () => {
    const events: DokuEvent[] = [];
    let ran = 0;
    const broken: DokuInbox<undefined> = { record: () => Promise.reject(new Error("connection reset")) };
    const handler = createNotificationHandler({
      clients: CLIENTS,
      inbox: broken,
      onEvent: (e) => events.push(e),
      onPayment: () => void ran++,
    });
    const s = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/n",
      body: buildNotificationBody(),
    });
    const response = await handler(
      new Request("http://shop.test/n", { method: "POST", headers: s.headers, body: s.body }),
    );
    expect(response.status).toBe(503);
    expect(ran).toBe(0);
    expect(events.at(-1)).toMatchObject({ reason: "store_unavailable", level: "error" });
    expect(events.at(-1)?.detail).toContain("connection reset");
  });
});
