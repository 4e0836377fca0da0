// Runs in every test file: no unhandled rejection, and no secret key in any log line, event
// or error the suite observes. Every test secret has the shape SK-…; none may show up. Not
// inside a longer token: a base64url digest (an idempotency key) holds "SK-" by chance.
const SECRET_SHAPE = /(?<![A-Za-z0-9_-])SK-[A-Za-z0-9-]{2,}/;
const unhandled: unknown[] = [];
const observed: string[] = [];

const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on("unhandledRejection", onUnhandled);

/** Test helpers hand every event and error here (see eventLog). */
export function observe(text: string): void {
  observed.push(text);
}
(globalThis as { __observeForSecrets?: (t: string) => void }).__observeForSecrets = observe;

for (const method of ["log", "info", "warn", "error", "debug"] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    observe(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(" "));
    original(...args);
  };
}

afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
  expect(observed.filter((line) => SECRET_SHAPE.test(line))).toEqual([]);
});
