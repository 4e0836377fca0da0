import { timerMs } from "../options/number-options";
import type { Readiness, ReadyOptions } from "./store";

const DEFAULT_TIMEOUT_MS = 1_000;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * `check`'s readiness, bounded in time: not ready when it throws, rejects or takes longer than
 * `timeoutMs` (`what` names what did not answer). Never rejects.
 */
export function readyWithin(
  options: ReadyOptions | undefined,
  what: string,
  check: (timeoutMs: number) => Promise<Readiness>,
): Promise<Readiness> {
  const notReady = (detail: string): Readiness => ({ ready: false, detail, warnings: [] });
  let timeoutMs: number;
  let running: Promise<Readiness>;
  try {
    timeoutMs = timerMs("timeoutMs", options?.timeoutMs, DEFAULT_TIMEOUT_MS);
    running = check(timeoutMs);
  } catch (error) {
    return Promise.resolve(notReady(messageOf(error)));
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(notReady(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs);
    const settle = (readiness: Readiness) => {
      clearTimeout(timer);
      resolve(readiness);
    };
    running.then(settle, (error: unknown) => settle(notReady(`${what} failed: ${messageOf(error)}`)));
  });
}
