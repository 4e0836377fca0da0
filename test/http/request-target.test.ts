import type { Request } from "express";

import { pathOf, requestTargetGuesses } from "../../src/http/request-target";

describe("the path of a request URL", () => {
  it.each([
    ["/doku/inquiry", "/doku/inquiry"],
    ["/doku/inquiry?x=1&y=/z", "/doku/inquiry"],
    ["/a%2Fb/?q", "/a%2Fb/"],
    ["http://shop.example/doku/inquiry?x=1", "/doku/inquiry"],
    ["https://shop.example:8443/doku/", "/doku/"],
    ["http://shop.example", "/"],
    ["http://shop.example?x=1", "/"],
    ["*", "*"],
  ])("%s -> %s", (url, path) => {
    expect(pathOf(url)).toBe(path);
  });
});

describe("what a misconfigured sender would have signed", () => {
  const guesses = (originalUrl: string, url = originalUrl) => requestTargetGuesses({ originalUrl, url, headers: {} });

  it("offers the path without the mount prefix and with the other trailing slash, first", () => {
    expect(
      guesses("/pay/doku/inquiry", "/doku/inquiry")
        .slice(0, 2)
        .map((g) => g.requestTarget),
    ).toEqual(["/doku/inquiry", "/pay/doku/inquiry/"]);
    expect(
      guesses("/doku/inquiry/")
        .slice(0, 2)
        .map((g) => g.requestTarget),
    ).toEqual(["/doku/inquiry/", "/doku/inquiry"]);
    expect(guesses("/doku/inquiry")[1]?.cause).toBe(
      "the signature covers the path with a different trailing slash than the URL called: check the URL configured at DOKU",
    );
  });

  it("offers the path with its query string only when there is one", () => {
    expect(guesses("/doku/inquiry").some((g) => g.requestTarget.includes("?"))).toBe(false);
    const withQuery = guesses("/doku/inquiry?x=1");
    expect(withQuery[2]).toEqual({
      requestTarget: "/doku/inquiry?x=1",
      cause:
        "the signature covers the query string too; DOKU signs the path only: set requestTarget if your sender differs",
    });
    expect(guesses("http://shop.example/doku?x=1")[2]?.requestTarget).toBe("/doku?x=1");
  });

  it("offers other letter cases, a proxy's prefix, a rewritten path and the host", () => {
    const req = {
      originalUrl: "/Doku/Inquiry",
      url: "/Doku/Inquiry",
      headers: { host: "shop.example", "x-forwarded-prefix": "/shop/", "x-original-uri": "/old/doku/inquiry?x=1" },
    } as unknown as Request;
    const targets = requestTargetGuesses(req).map((g) => g.requestTarget);
    expect(targets).toEqual(
      expect.arrayContaining([
        "/doku/inquiry",
        "/DOKU/INQUIRY",
        "/shop/Doku/Inquiry",
        "/api/Doku/Inquiry",
        "/old/doku/inquiry",
        "https://shop.example/Doku/Inquiry",
        "shop.example/Doku/Inquiry",
      ]),
    );
    const prefix = requestTargetGuesses(req).find((g) => g.requestTarget === "/shop/Doku/Inquiry");
    expect(prefix?.cause).toBe(
      'the signature covers /shop/Doku/Inquiry: a proxy strips /shop before this server: set requestTarget: "/shop/Doku/Inquiry"',
    );
    expect(new Set(targets).size).toBe(targets.length);
  });
});
