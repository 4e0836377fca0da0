import { buildInquiryBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";
import { CLIENT_ID, SECRET } from "../support/vectors";

// What the Nest tests send, and how they read the answers: the same for platform-express and platform-fastify.

export const INQUIRY = "/doku/inquiry";
export const NOTIFY = "/doku/notify";
export const SUCCESS = {
  status: "success",
  order: { invoice_number: "INV-1", amount: 15000 },
  customer: { name: "Budi" },
} as const;

// Pretty-printed, non-ASCII and with a trailing newline: bytes no re-serialisation gives back.
export const inquiryBytes = `${JSON.stringify(buildInquiryBody({ overrides: { note: "Kasir Budi · ü" } }), null, 2)}\n`;

/** A signed call to `path`, and whether its answer verifies. */
export async function post(url: string, path: string, body: string | object, secretKey = SECRET, requestId?: string) {
  const s = signDokuRequest({ clientId: CLIENT_ID, secretKey, requestTarget: path, body, requestId });
  const response = await fetch(url + path, { method: "POST", headers: s.headers, body: s.body });
  const text = await response.text();
  const { valid } = verifyDokuResponse({
    headers: response.headers,
    body: text,
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: path,
    requestId: s.headers["Request-Id"],
  });
  return { response, text, valid };
}

/** The app's own controller under the global prefix: what Nest's JSON parser gave it. */
export async function echo(url: string) {
  const response = await fetch(`${url}/api/echo`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: '{ "b" : 2,  "a":1 }',
  });
  return { status: response.status, body: await response.json() };
}
