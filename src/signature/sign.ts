import { createHmac } from "node:crypto";

import { type SecretKey, toKeyObject } from "./secret-key";
import { type SignatureComponents, stringToSign } from "./string-to-sign";

export const SIGNATURE_PREFIX = "HMACSHA256=";

/** `HMACSHA256=` + base64(HMAC-SHA256(secret, string to sign)). */
export function signComponents(components: SignatureComponents, secret: SecretKey): string {
  // digest("base64") straight away: asking for a Buffer first is measurably slower.
  const hmac = createHmac("sha256", toKeyObject(secret));
  return SIGNATURE_PREFIX + hmac.update(stringToSign(components)).digest("base64");
}
