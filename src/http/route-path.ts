import { pathOf } from "./request-target";

// Characters that make an Express route path a pattern (parameters, wildcards, groups).
const PATTERN_CHARACTERS = /[:*?#()[\]{}+!\\\s]/;

/** Whether `path` is a plain path Express would match literally, e.g. `/doku/inquiry`. */
export function isLiteralRoutePath(path: string): boolean {
  return path.startsWith("/") && !PATTERN_CHARACTERS.test(path);
}

/**
 * Matches a request URL the way an Express route matches a literal path, case-insensitive
 * and with an optional trailing slash, without building a nested Router for one route.
 */
export function routePathMatcher(path: string): (url: string) => boolean {
  const base = (path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path).toLowerCase();
  return (url) => {
    const received = pathOf(url);
    const length = received.length;
    if (length === base.length) return received.toLowerCase() === base;
    return length === base.length + 1 && received.endsWith("/") && received.slice(0, -1).toLowerCase() === base;
  };
}
