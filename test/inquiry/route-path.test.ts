import express from "express";
import request from "supertest";

import { createInquiryRouter } from "../../src";
import { isLiteralRoutePath, routePathMatcher } from "../../src/http/route-path";
import { buildInquiryBody, signDokuRequest } from "../../src/testing";
import { listen } from "../support/http";
import { rawPost } from "../support/raw-http";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

describe("the route path", () => {
  it("matches like an Express route: any letter case, an optional trailing slash, no query", () => {
    const matches = routePathMatcher("/doku/inquiry");
    for (const url of ["/doku/inquiry", "/DOKU/Inquiry", "/doku/inquiry/", "/doku/inquiry?x=1", "/doku/inquiry/?x=1"]) {
      expect([url, matches(url)]).toEqual([url, true]);
    }
    for (const url of [
      "/doku/inquiry//",
      "/doku/inquiryx",
      "/doku/inquirz/",
      "/doku/inquir",
      "/doku",
      "/",
      "/doku/inquiry/x",
      "/doku%2Finquiry",
    ]) {
      expect([url, matches(url)]).toEqual([url, false]);
    }
  });

  it("treats a configured trailing slash and the root path sensibly", () => {
    expect(routePathMatcher("/doku/")("/doku")).toBe(true);
    expect(routePathMatcher("/doku/")("/doku/")).toBe(true);
    expect(routePathMatcher("/")("/")).toBe(true);
    expect(routePathMatcher("/")("/x")).toBe(false);
  });

  it("is a plain path: no parameters, wildcards or patterns", () => {
    expect(isLiteralRoutePath("/doku/inquiry-v2_1.x~%20")).toBe(true);
    for (const path of ["doku", "/doku/:id", "/doku/*", "/doku/(a)", "/doku?", "/a b", "/a+"])
      expect(isLiteralRoutePath(path)).toBe(false);
    expect(() =>
      createInquiryRouter({
        path: "/doku/:merchant",
        clients: CLIENTS,
        lookupPaymentCode: () => ({ status: "decline" }),
      }),
    ).toThrow(/`path` must be a plain path/);
  });

  it("leaves other methods and paths to the app, and works under a mount path", async () => {
    const app = express();
    const router = createInquiryRouter({
      path: "/inquiry",
      clients: CLIENTS,
      lookupPaymentCode: () => ({ status: "decline" }),
    });
    app.use("/doku", router);
    app.get("/doku/inquiry", (_req, res) => {
      res.send("page");
    });
    app.use((_req, res) => {
      res.status(404).send("app 404");
    });
    await request(app).get("/doku/inquiry").expect(200, "page");
    await request(app).post("/elsewhere").expect(404, "app 404");
    const s = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/inquiry",
      body: buildInquiryBody(),
    });
    const res = await request(app).post("/doku/inquiry").set(s.headers).send(s.body.toString()).expect(400);
    expect(res.body).toMatchObject({ online_to_offline_inquiry: { status: "decline" } });
    expect(res.headers["signature"]).toMatch(/^HMACSHA256=/);
    // Only answers sent before the body was read close the connection.
    const server = await listen(app);
    try {
      const again = signDokuRequest({
        clientId: CLIENT_ID,
        secretKey: SECRET,
        requestTarget: "/doku/inquiry",
        body: buildInquiryBody(),
      });
      const kept = await rawPost(`${server.url}/doku/inquiry`, again.headers, again.bytes);
      expect(kept.status).toBe(400);
      expect(kept.headers["connection"]).toBe("keep-alive");
    } finally {
      await server.close();
    }
  });
});
