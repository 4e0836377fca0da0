import { hash } from "node:crypto";

/** base64(SHA-256(bytes)): the value of the `Digest:` line. A string is hashed as UTF-8. */
export function digestBody(body: Buffer | string): string {
  return hash("sha256", body, "base64");
}
