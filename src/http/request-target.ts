import type { IncomingHttpHeaders } from "node:http";

import type { TargetGuess } from "../signature/diagnose-mismatch";

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

/** What the diagnosis of a request reads: a node:http request, Express's, or one a fetch adapter describes. */
export interface RequestUrls {
  /** The URL below where the router is mounted. */
  url?: string | undefined;
  /** The URL as called, where a framework rewrites `url` under a mount (Express). */
  originalUrl?: string | undefined;
  headers: IncomingHttpHeaders;
}

/**
 * The URL as the client sent it: Express keeps it in `originalUrl` while a mount rewrites `url`;
 * a plain node:http server has only `url`.
 */
export function calledUrl(req: RequestUrls): string {
  return req.originalUrl ?? (req.url as string);
}

/** Default Request-Target: the full path that was called, mount prefix included. */
export function defaultRequestTarget(req: RequestUrls): string {
  return pathOf(calledUrl(req));
}

// Prefixes a reverse proxy commonly strips before the app; tried only after a bad signature.
const COMMON_PREFIXES = ["/api", "/v1", "/api/v1", "/webhooks", "/payments", "/doku"];

const firstHeader = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/** Paths a misconfigured sender or proxy would have signed, each with the fix to name. */
export function requestTargetGuesses(req: RequestUrls): TargetGuess[] {
  const original = calledUrl(req);
  const fullPath = pathOf(original);
  const guesses: TargetGuess[] = [
    {
      requestTarget: pathOf(req.url as string),
      cause:
        "the signature covers the path without the prefix the router is mounted under; a proxy may strip it: set requestTarget",
    },
    {
      requestTarget: fullPath.endsWith("/") ? fullPath.slice(0, -1) : `${fullPath}/`,
      cause:
        "the signature covers the path with a different trailing slash than the URL called: check the URL configured at DOKU",
    },
  ];
  if (original.includes("?")) {
    guesses.push({
      requestTarget: fullPath + original.slice(original.indexOf("?")),
      cause:
        "the signature covers the query string too; DOKU signs the path only: set requestTarget if your sender differs",
    });
  }
  for (const variant of new Set([fullPath.toLowerCase(), fullPath.toUpperCase()])) {
    if (variant === fullPath) continue;
    guesses.push({
      requestTarget: variant,
      cause: `the signature covers the path in another letter case (${variant}); something between the sender and this server changed it, or the URL configured at DOKU differs: set requestTarget to the path DOKU calls`,
    });
  }
  const forwarded = [firstHeader(req.headers["x-forwarded-prefix"])]
    .filter((p): p is string => p !== undefined && p.startsWith("/"))
    .map((p) => p.replace(/\/+$/, ""));
  for (const prefix of new Set([...forwarded, ...COMMON_PREFIXES])) {
    guesses.push({
      requestTarget: prefix + fullPath,
      cause: `the signature covers ${prefix}${fullPath}: a proxy strips ${prefix} before this server: set requestTarget: "${prefix}${fullPath}"`,
    });
  }
  for (const name of ["x-original-uri", "x-original-url", "x-forwarded-uri"]) {
    const value = firstHeader(req.headers[name]);
    if (value !== undefined && pathOf(value) !== fullPath) {
      guesses.push({
        requestTarget: pathOf(value),
        cause: `the signature covers ${pathOf(value)}, the path before a proxy rewrote it (${name}): set requestTarget to it`,
      });
    }
  }
  const host = firstHeader(req.headers["x-forwarded-host"]) ?? req.headers.host;
  if (host !== undefined) {
    for (const withHost of [`https://${host}${fullPath}`, `http://${host}${fullPath}`, `${host}${fullPath}`]) {
      guesses.push({
        requestTarget: withHost,
        cause: `the signature covers the host as well as the path (${withHost}); DOKU signs the path only: the sender signs the whole URL`,
      });
    }
  }
  return guesses;
}
