import type { ClientCredentials } from "../signature";
import { checkClientId } from "./client-id-option";
import { describeValue, optionError } from "./option-error";
import { checkSecretKey } from "./secret-key-option";

const GIVE_AN_ARRAY = "give an array of keys: secretKeys: [process.env.DOKU_SECRET_KEY]";

function checkSecretKeys(at: string, secretKeys: unknown): void {
  if (typeof secretKeys === "string") throw optionError(at, `is a string; ${GIVE_AN_ARRAY}`);
  if (secretKeys === undefined) throw optionError(at, `is missing; ${GIVE_AN_ARRAY}`);
  if (!Array.isArray(secretKeys)) throw optionError(at, `is ${describeValue(secretKeys)}; ${GIVE_AN_ARRAY}`);
  if (secretKeys.length === 0) throw optionError(at, "is an empty array; give at least one secret key");
  secretKeys.forEach((key: unknown, k) => checkSecretKey(`${at}[${k}]`, key));
}

/** `clients`: each Client-Id once, each with one or more secret keys (newest first). */
export function checkClients(clients: unknown): readonly ClientCredentials[] {
  if (!Array.isArray(clients) || clients.length === 0) {
    throw optionError("clients", "must list at least one { clientId, secretKeys } entry");
  }
  const seen = new Set<string>();
  clients.forEach((client: unknown, i) => {
    const at = `clients[${i}]`;
    if (typeof client !== "object" || client === null)
      throw optionError(at, "must be an object { clientId, secretKeys }");
    const { clientId, secretKeys } = client as Partial<Record<keyof ClientCredentials, unknown>>;
    const id = checkClientId(`${at}.clientId`, clientId);
    if (seen.has(id)) throw optionError(`${at}.clientId`, `repeats ${id}; list each Client-Id once`);
    seen.add(id);
    checkSecretKeys(`${at}.secretKeys`, secretKeys);
  });
  return clients as ClientCredentials[];
}
