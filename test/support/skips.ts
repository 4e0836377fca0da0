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
