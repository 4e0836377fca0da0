import { editDistance } from "./edit-distance";

const SHOWN = 64;

/** The configured Client-Id the received one was probably meant to be, and how it differs. */
function nearMatch(received: string, keyring: ReadonlyMap<string, unknown>): string | undefined {
  const ids = [...keyring.keys()];
  const caseOnly = ids.find((id) => id.toLowerCase() === received.toLowerCase());
  if (caseOnly !== undefined) return `${caseOnly} differs only in letter case`;
  const spaced = ids.find((id) => id === received.trim());
  if (spaced !== undefined) return `${spaced} is the same without the spaces around it`;
  const close = ids.find((id) => id.length >= 6 && editDistance(id, received, 2) <= 2);
  return close === undefined
    ? undefined
    : `${close} is one or two characters away (a typo, or another environment's id?)`;
}

/** `unknown_client`'s detail: the id received (clipped, quoted as JSON) and a near match. */
export function describeUnknownClient(received: string, keyring: ReadonlyMap<string, unknown>): string {
  const shown = JSON.stringify(received.length > SHOWN ? `${received.slice(0, SHOWN)}…` : received);
  const near = nearMatch(received, keyring);
  const configured = `${keyring.size} client${keyring.size === 1 ? " is" : "s are"} configured`;
  return `Client-Id ${shown} is not one of the configured clients (${configured})${near === undefined ? "" : `; ${near}`}`;
}
