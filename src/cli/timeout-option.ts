import { MAX_TIMER_MS } from "../options/number-options";
import { CliError } from "./http-call";

/** `--timeout SECONDS` in milliseconds: above 0, and no longer than a timer can wait (a longer one would fire at once). */
export function timeoutMsOf(value: string): number {
  const ms = Number(value) * 1000;
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_TIMER_MS) {
    throw new CliError(`--timeout takes a number of seconds above 0, at most ${Math.floor(MAX_TIMER_MS / 1000)}`);
  }
  return ms;
}
