import type { Keyring } from "./keyring";

const SHOWN = 64;

/** Edit distance, bounded: stops counting past `limit` (Client-Ids are short; this runs only on a failure). */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The configured Client-Id the received one was probably meant to be, and how it differs. */
function nearMatch(received: string, keyring: Keyring): string | undefined {
  const ids = [...keyring.keys()];
  const caseOnly = ids.find((id) => id.toLowerCase() === received.toLowerCase());
  if (caseOnly !== undefined) return `${caseOnly} differs only in letter case`;
  const spaced = ids.find((id) => id === received.trim());
  if (spaced !== undefined) return `${spaced} is the same without the spaces around it`;
  const close = ids.find((id) => id.length >= 6 && distance(id, received, 2) <= 2);
  return close === undefined
    ? undefined
    : `${close} is one or two characters away (a typo, or another environment's id?)`;
}

/** `unknown_client`'s detail: the id received (clipped, quoted as JSON) and a near match. */
export function describeUnknownClient(received: string, keyring: Keyring): string {
  const shown = JSON.stringify(received.length > SHOWN ? `${received.slice(0, SHOWN)}…` : received);
  const near = nearMatch(received, keyring);
  const configured = `${keyring.size} client${keyring.size === 1 ? " is" : "s are"} configured`;
  return `Client-Id ${shown} is not one of the configured clients (${configured})${near === undefined ? "" : `; ${near}`}`;
}
