import { spawn } from "node:child_process";
import { join } from "node:path";

// start() keeps sweeping in a process that has nothing else to do, and that process still exits:
// the reconciler's timers hold nothing open.
const SCRIPT = `
const { createReconciler } = require("./src/reconciler");
const { createMemoryStore } = require("./src");
const notFound = () => Promise.reject(Object.assign(new Error("no such invoice"), { name: "DokuError", type: "not_found" }));
createReconciler({
  client: { getStatus: notFound },
  pending: () => [{ invoiceNumber: "INV-1", amount: 1000, createdAt: 0 }],
  onPayment: () => undefined,
  clientId: "MCH-1",
  store: createMemoryStore(),
  intervalMs: 10,
  minAgeMs: 0,
  onEvent: (e) => console.log(e.type),
}).start();
setTimeout(() => console.log("done"), 200);
`;

it("a started reconciler does not keep the process alive", async () => {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", SCRIPT], {
    cwd: join(__dirname, "../.."),
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const killer = setTimeout(() => child.kill(), 25_000);
  const code = await new Promise<number | null>((done) => child.on("exit", done));
  clearTimeout(killer);
  expect(code).toBe(0);
  expect(out.split("\n").filter((line) => line === "sweep").length).toBeGreaterThan(2);
  expect(out).toContain("done");
}, 30_000);
