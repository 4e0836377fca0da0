import request from "supertest";

import { createInquiryRouter } from "../../src";
import { buildInquiryBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";
import { appWith, listen } from "../support/http";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// signDokuRequest's output goes as it is into supertest's .send() and into fetch, as the bytes signed.
const PATH = "/doku/inquiry";
const app = appWith(
  createInquiryRouter({
    path: PATH,
    clients: CLIENTS,
    lookupPaymentCode: () => ({
      status: "success",
      order: { invoice_number: "INV-1", amount: 1000 },
      customer: { name: "Ani" },
    }),
  }),
);
const signed = () =>
  signDokuRequest({
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: PATH,
    body: buildInquiryBody({ paymentCode: "123" }),
  });

it("supertest: request(app).post(path).set(s.headers).send(s.body)", async () => {
  const s = signed();
  const res = await request(app).post(PATH).set(s.headers).send(s.body);
  expect(res.status).toBe(200);
  expect(
    verifyDokuResponse({
      headers: res.headers,
      body: res.text,
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: PATH,
      requestId: s.headers["Request-Id"],
    }),
  ).toEqual({ valid: true });
});

it("fetch: fetch(url, { method: 'POST', headers: s.headers, body: s.body })", async () => {
  const server = await listen(app);
  try {
    const s = signed();
    const res = await fetch(`${server.url}${PATH}`, { method: "POST", headers: s.headers, body: s.body });
    expect(res.status).toBe(200);
  } finally {
    await server.close();
  }
});

it("body is the UTF-8 text of bytes, the bytes signed", () => {
  const s = signDokuRequest({
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: PATH,
    body: { name: "Siti Ra\u0301hma" },
  });
  expect(typeof s.body).toBe("string");
  expect(Buffer.from(s.body, "utf8").equals(s.bytes)).toBe(true);
});
