import { pathOf } from "./request-target";

// Characters that make an Express route path a pattern (parameters, wildcards, groups).
const PATTERN_CHARACTERS = /[:*?#()[\]{}+!\\\s]/;

/** Whether `path` is a plain path Express would match literally, e.g. `/doku/inquiry`. */
export function isLiteralRoutePath(path: string): boolean {
  return path.startsWith("/") && !PATTERN_CHARACTERS.test(path);
}

/** A path without its trailing slash (the root stays `/`): how a route compares paths. */
export const withoutTrailingSlash = (path: string) =>
  path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;

/**
 * Matches a request URL the way an Express route matches a literal path, case-insensitive
 * and with an optional trailing slash, without building a nested Router for one route.
 */
export function routePathMatcher(path: string): (url: string) => boolean {
  const base = withoutTrailingSlash(path).toLowerCase();
  return (url) => {
    const received = withoutTrailingSlash(pathOf(url));
    return received.length === base.length && received.toLowerCase() === base;
  };
}
