import { createSecretKey, type KeyObject } from "node:crypto";

/** A secret key as DOKU uses it: its UTF-8 bytes are the HMAC key. */
export type SecretKey = string | KeyObject;

export function toKeyObject(secret: SecretKey): KeyObject {
  return typeof secret === "string" ? createSecretKey(Buffer.from(secret)) : secret;
}
