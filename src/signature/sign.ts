import { createHmac } from "node:crypto";

import { hmacSha256Base64 } from "./hmac-sha256";
import type { SecretKey } from "./secret-key";
import { type SignatureComponents, stringToSign } from "./string-to-sign";

export const SIGNATURE_PREFIX = "HMACSHA256=";

/** `HMACSHA256=` + base64(HMAC-SHA256(secret, string to sign)). */
export function signComponents(components: SignatureComponents, secret: SecretKey): string {
  const text = stringToSign(components);
  // A key given as a string is used once: its pads would be made for nothing.
  if (typeof secret === "string") return SIGNATURE_PREFIX + createHmac("sha256", secret).update(text).digest("base64");
  return SIGNATURE_PREFIX + hmacSha256Base64(secret, text);
}
