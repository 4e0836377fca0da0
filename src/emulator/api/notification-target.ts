import type { Result } from "../../protocol";

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * An `override_notification_url` the emulator will call: DOKU keeps the configured path, and
 * the emulator calls nothing but what it was given, so another host must be a loopback one.
 */
export function isPermittedOverride(
  value: string,
  configured: URL | undefined,
): Result<object, "path_changed" | "not_loopback"> {
  const url = new URL(value);
  if (configured !== undefined && url.pathname !== configured.pathname) {
    return {
      ok: false,
      reason: "path_changed",
      detail: `additional_info.override_notification_url must keep the Notification URL's path ${configured.pathname}`,
    };
  }
  if (configured?.origin !== url.origin && !LOOPBACK.test(url.hostname)) {
    return {
      ok: false,
      reason: "not_loopback",
      detail:
        "additional_info.override_notification_url must be on a loopback host (127.0.0.1, localhost): the emulator calls nothing else",
    };
  }
  return { ok: true };
}
