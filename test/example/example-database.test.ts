import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";

// The example's SQLite file moves up a version on open, every row kept.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { openDatabase, MIGRATIONS } = require("../../example-app/database") as {
  openDatabase(path: string): Database.Database;
  MIGRATIONS: string[];
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "express-doku-example-db-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const insert = `INSERT INTO bills (invoice_number, method, payment_code, amount, customer_name, created_at, expires_at,
                                   doku_request_id, doku_registered_at, paid_at, paid_agent_id)
                VALUES (@invoice, @method, @code, 150000, 'Ani', 1, 2, @requestId, 1, @paidAt, @agent)`;

it("a version 2 file (three ways) opens as version 3, its orders kept, and takes Indomaret orders", () => {
  const path = join(dir, "merchant.sqlite");
  const v2 = new Database(path);
  for (const migration of MIGRATIONS.slice(0, 2)) v2.exec(migration);
  v2.pragma("user_version = 2");
  const row = { requestId: null, paidAt: null, agent: null };
  v2.prepare(insert).run({ ...row, invoice: "INV-1", method: "direct_inquiry", code: "8896000000000001" });
  v2.prepare(insert).run({
    ...row,
    invoice: "INV-2",
    method: "doku_generated",
    code: "8899000000000002",
    requestId: "req-2",
    paidAt: 3,
    agent: "ALFAMART",
  });
  expect(() =>
    v2.prepare(insert).run({ ...row, invoice: "INV-3", method: "indomaret", code: "8899000000000003" }),
  ).toThrow(/CHECK constraint failed/);
  const before = v2.prepare("SELECT * FROM bills ORDER BY invoice_number").all();
  v2.close();

  const db = openDatabase(path);
  expect(db.pragma("user_version", { simple: true })).toBe(3);
  expect(db.prepare("SELECT * FROM bills ORDER BY invoice_number").all()).toEqual(before);
  db.prepare(insert).run({ ...row, invoice: "INV-3", method: "indomaret", code: "8899000000000003" });
  expect(() => db.prepare(insert).run({ ...row, invoice: "INV-4", method: "cash", code: "1" })).toThrow(
    /CHECK constraint failed/,
  );
  const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'bills'").all();
  expect(indexes).toContainEqual({ name: "bills_pending" });
  db.close();
});
