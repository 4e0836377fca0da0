import compression from "compression";
import express from "express";
import request from "supertest";

import { createInquiryRouter } from "../../src";
import { buildInquiryBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// A signed answer carries Cache-Control: no-transform, which compression() honours: the bytes
// DOKU gets are the bytes that were signed, with their Content-Length.
const PATH = "/doku/inquiry";

it("compression({ threshold: 0 }) in front of the router leaves signed answers as they were signed", async () => {
  const app = express();
  app.use(compression({ threshold: 0 }));
  app.use(
    createInquiryRouter({
      path: PATH,
      clients: CLIENTS,
      lookupPaymentCode: () => ({
        status: "success",
        order: { invoice_number: "INV-1", amount: 1000 },
        customer: { name: "Ani" },
        info: "Toko Demo",
      }),
    }),
  );
  app.get("/other", (_req, res) => res.json({ compressed: "x".repeat(100) }));

  const s = signDokuRequest({
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: PATH,
    body: buildInquiryBody({ paymentCode: "123" }),
  });
  const res = await request(app).post(PATH).set(s.headers).set("Accept-Encoding", "gzip").send(s.body);
  expect(res.status).toBe(200);
  expect(res.headers["content-encoding"]).toBeUndefined();
  expect(res.headers["cache-control"]).toBe("no-transform");
  expect(res.headers["content-length"]).toBe(String(Buffer.byteLength(res.text)));
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

  // The same middleware still compresses the app's own answers.
  expect((await request(app).get("/other").set("Accept-Encoding", "gzip")).headers["content-encoding"]).toBe("gzip");
});
