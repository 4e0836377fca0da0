import type { KeyObject } from "node:crypto";

import { type SecretKey, toKeyObject } from "./secret-key";

export interface ClientCredentials {
  /** The Client-Id DOKU sends, from the DOKU Back Office (e.g. `MCH-0001-…` or `BRN-…`). */
  clientId: string;
  /** Its secret keys, newest first; more than one while a key is being rotated. */
  secretKeys: readonly SecretKey[];
}

/** Client-Id -> HMAC keys, built once when a router is created. */
export type Keyring = ReadonlyMap<string, readonly KeyObject[]>;

export function createKeyring(clients: readonly ClientCredentials[]): Keyring {
  return new Map(clients.map((c) => [c.clientId, c.secretKeys.map(toKeyObject)]));
}
