import type { Request } from "express";
import type { TargetGuess } from "../signature";

/** The path of a request URL exactly as received: no query string, no scheme or host. */
export function pathOf(url: string): string {
  let start = 0;
  if (!url.startsWith("/")) {
    // absolute-form (`http://host/path`), as a forward proxy may send it
    const scheme = url.indexOf("://");
    start = scheme === -1 ? 0 : url.indexOf("/", scheme + 3);
    if (start === -1) return "/";
  }
  const query = url.indexOf("?", start);
  return url.slice(start, query === -1 ? undefined : query);
}

/** Default Request-Target: the full path that was called, mount prefix included. */
export function defaultRequestTarget(req: Request): string {
  return pathOf(req.originalUrl);
}

/** Paths a misconfigured sender or proxy would have signed, each with the fix to name. */
export function requestTargetGuesses(req: Request): TargetGuess[] {
  const original = req.originalUrl;
  const fullPath = pathOf(original);
  const guesses: TargetGuess[] = [
    {
      requestTarget: pathOf(req.url),
      cause: "the signature covers the path without the prefix the router is mounted under; a proxy may strip it: set requestTarget",
    },
    {
      requestTarget: fullPath.endsWith("/") ? fullPath.slice(0, -1) : `${fullPath}/`,
      cause: "the signature covers the path with a different trailing slash than the URL called: check the URL configured at DOKU",
    },
  ];
  if (original.includes("?")) {
    guesses.push({
      requestTarget: fullPath + original.slice(original.indexOf("?")),
      cause: "the signature covers the query string too; DOKU signs the path only: set requestTarget if your sender differs",
    });
  }
  return guesses;
}
