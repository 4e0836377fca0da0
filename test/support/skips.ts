import { appendFileSync } from "node:fs";

/**
 * `describe`, or `describe.skip` when `reason` says why the suite cannot run here: the reason
 * is warned at once and listed again at the end of the run (test/support/skip-reporter.js).
 */
export function describeUnless(reason: string | undefined): jest.Describe {
  if (reason === undefined) return describe;
  console.warn(reason);
  const log = process.env.EXPRESS_DOKU_SKIP_LOG;
  if (log !== undefined) appendFileSync(log, `${reason}\n`);
  return describe.skip;
}

const inExpress4 = (globalThis as { EXPRESS_MAJOR?: number }).EXPRESS_MAJOR === 4;

/** For suites that load no Express: the express5 project runs them, the express4 one would only repeat them. */
export const describeOnce: jest.Describe = inExpress4 ? describe.skip : describe;

/** `describeOnce`, skipped too (and said why) when `reason` says the suite cannot run here. */
export function describeOnceUnless(reason: string | undefined): jest.Describe {
  return inExpress4 ? describe.skip : describeUnless(reason);
}
