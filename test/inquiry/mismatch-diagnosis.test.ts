import request from "supertest";

import type { ResolverResult } from "../../src";
import { createKeyring } from "../../src/signature";
import { describeUnknownClient } from "../../src/signature/unknown-client";
import { buildInquiryBody, signDokuRequest } from "../../src/testing";
import { inquirySetup, signerFor } from "../support/routers";
import { CLIENT_ID, SECRET } from "../support/vectors";

// A bad signature's detail names what differs, where it can be told apart, and blames the key
// only when nothing else explains it.
const PATH = "/doku/inquiry";
const NOT_FOUND: ResolverResult = { status: "billing_not_found" };

const setup = () => inquirySetup(PATH, () => NOT_FOUND);
const sign = (
  requestTarget: string,
  body: string | object = buildInquiryBody(),
  secretKey = SECRET,
  clientId = CLIENT_ID,
) => signerFor(PATH)(body, { requestTarget, secretKey, clientId });
async function detailFor(
  signedFor: string,
  send: (app: ReturnType<typeof setup>["app"], s: ReturnType<typeof sign>) => request.Test,
): Promise<string> {
  const { app, log } = setup();
  const res = await send(app, sign(signedFor));
  expect(res.status).toBe(401);
  expect(log.last().reason).toBe("bad_signature");
  return String(log.last().detail);
}

it("a proxy that strips /api before this server", async () => {
  const detail = await detailFor(`/api${PATH}`, (app, s) => request(app).post(PATH).set(s.headers).send(s.body));
  expect(detail).toBe(
    `Signature does not match the body, path and headers received; likely cause: the signature covers /api${PATH}: a proxy strips /api before this server: set requestTarget: "/api${PATH}"`,
  );
});

it("a proxy that says which prefix it strips (X-Forwarded-Prefix)", async () => {
  const detail = await detailFor(`/toko${PATH}`, (app, s) =>
    request(app).post(PATH).set(s.headers).set("X-Forwarded-Prefix", "/toko").send(s.body),
  );
  expect(detail).toContain('a proxy strips /toko before this server: set requestTarget: "/toko/doku/inquiry"');
});

it("a sender that signs the host too", async () => {
  const { app, log } = setup();
  const s = sign(`shop.example${PATH}`);
  await request(app).post(PATH).set(s.headers).set("Host", "shop.example").send(s.body);
  expect(log.last().detail).toContain(
    "the signature covers the host as well as the path (shop.example/doku/inquiry); DOKU signs the path only",
  );
});

it("a path in another letter case", async () => {
  const detail = await detailFor("/DOKU/INQUIRY", (app, s) => request(app).post(PATH).set(s.headers).send(s.body));
  expect(detail).toContain("the signature covers the path in another letter case (/DOKU/INQUIRY)");
});

it("a body re-formatted after signing", async () => {
  const { app, log } = setup();
  const body = buildInquiryBody();
  const s = sign(PATH, body);
  await request(app)
    .post(PATH)
    .set(s.headers)
    .send(JSON.stringify(body, null, 2));
  expect(log.last().detail).toContain("the signature covers the body as compact JSON, not the bytes received");
});

it("the key, when nothing else explains it", async () => {
  const { app, log } = setup();
  const s = sign(PATH, buildInquiryBody(), "SK-ANOTHER-KEY");
  await request(app).post(PATH).set(s.headers).send(s.body);
  expect(log.last().detail).toMatch(
    /likely cause: none of the usual mismatches explains it \(.*\): the secret key does not match this Client-Id/,
  );
});

describe("an unknown Client-Id shows what came and a near match", () => {
  it.each([
    [
      CLIENT_ID.toLowerCase(),
      `Client-Id "${CLIENT_ID.toLowerCase()}" is not one of the configured clients (1 client is configured); ${CLIENT_ID} differs only in letter case`,
    ],
    [
      `${CLIENT_ID.slice(0, -1)}X`,
      `Client-Id "${CLIENT_ID.slice(0, -1)}X" is not one of the configured clients (1 client is configured); ${CLIENT_ID} is one or two characters away (a typo, or another environment's id?)`,
    ],
    [
      "MCH-SOMEONE-ELSE-ENTIRELY",
      'Client-Id "MCH-SOMEONE-ELSE-ENTIRELY" is not one of the configured clients (1 client is configured)',
    ],
  ])("%j", async (clientId, detail) => {
    const { app, log } = setup();
    const s = signDokuRequest({ clientId: "X", secretKey: SECRET, requestTarget: PATH, body: buildInquiryBody() });
    await request(app)
      .post(PATH)
      .set({ ...s.headers, "Client-Id": clientId })
      .send(s.body);
    expect(log.last()).toMatchObject({ reason: "unknown_client", detail });
  });
});

describe("describeUnknownClient", () => {
  const keyring = createKeyring([
    { clientId: "MCH-ONE", secretKeys: ["SK-1"] },
    { clientId: "BRN-TWO", secretKeys: ["SK-2"] },
  ]);
  it.each([
    [
      " MCH-ONE ",
      'Client-Id " MCH-ONE " is not one of the configured clients (2 clients are configured); MCH-ONE is the same without the spaces around it',
    ],
    [
      "\u0000\n".repeat(40),
      `Client-Id "${"\\u0000\\n".repeat(32)}…" is not one of the configured clients (2 clients are configured)`,
    ],
    [
      "BRN-TW",
      'Client-Id "BRN-TW" is not one of the configured clients (2 clients are configured); BRN-TWO is one or two characters away (a typo, or another environment\'s id?)',
    ],
    ["ABC", 'Client-Id "ABC" is not one of the configured clients (2 clients are configured)'],
  ])("%j", (received, detail) => {
    expect(describeUnknownClient(received, keyring)).toBe(detail);
  });
});
