import * as nodeCrypto from "node:crypto";

const MISSING =
  "express-doku/fetch needs node:crypto (HMAC-SHA256 over the exact bytes), which this runtime does not have: " +
  'run the handler on Node.js (Next.js: export const runtime = "nodejs"), Bun, Deno, ' +
  "or an Edge runtime with Node.js compatibility (Cloudflare Workers: the nodejs_compat flag)";

/** Throws, when a handler is created, where node:crypto is missing or a stub (an Edge runtime without Node compatibility). */
export function requireNodeCrypto(crypto: Partial<typeof nodeCrypto> = nodeCrypto): void {
  if (
    typeof crypto.createHmac !== "function" ||
    typeof crypto.createHash !== "function" ||
    typeof crypto.timingSafeEqual !== "function"
  )
    throw new TypeError(MISSING);
}
