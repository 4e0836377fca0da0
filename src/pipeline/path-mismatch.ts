import { calledUrl, pathOf, type RequestUrls } from "../http/request-target";
import { withoutTrailingSlash } from "../http/route-path";
import type { Keyring } from "../signature";

const SHOWN = 200;
const shownPath = (path: string) => (path.length > SHOWN ? `${path.slice(0, SHOWN)}…` : path);

/**
 * For a POST the router's `path` did not match: when it carries one of the router's Client-Ids
 * (DOKU's call, or the merchant's test of it) and came to a path `path` was nearly given as (the
 * mount prefix given again, or a prefix too many or too few), the sentence that names the fix.
 * `undefined` for anything else: the app's own routes, the other DOKU router's requests.
 */
export function pathMismatchCheck(path: string, keyring: Keyring): (req: RequestUrls) => string | undefined {
  const configured = withoutTrailingSlash(path).toLowerCase();
  return (req) => {
    const clientId = req.headers["client-id"];
    if (typeof clientId !== "string" || !keyring.has(clientId)) return undefined;
    const local = withoutTrailingSlash(pathOf(req.url as string));
    const full = withoutTrailingSlash(pathOf(calledUrl(req)));
    const localKey = local.toLowerCase();
    const fullKey = full.toLowerCase();
    // Where the router is mounted: what the full path has before the path below the mount.
    let mount: string;
    if (local === "/") mount = full === "/" ? "" : full;
    else if (fullKey.endsWith(localKey)) mount = full.slice(0, full.length - local.length);
    else return undefined; // a middleware rewrote req.url: the mount cannot be told
    let fix: string;
    if (mount !== "" && fullKey === configured) fix = path.slice(mount.length) || "/";
    else if (localKey.length > 1 && localKey !== configured && configured.endsWith(localKey)) fix = local;
    else if (configured.length > 1 && localKey.endsWith(configured)) fix = local;
    else return undefined;
    const where = mount === "" ? "at the app's root" : `under ${shownPath(mount)}`;
    return (
      `a request claiming Client-Id ${clientId} (not verified: the router did not read it) came to ${shownPath(full)}, but this router answers ${shownPath(mount + path)} ` +
      `(\`path\` is relative to where the router is mounted): mounted ${where}: give path '${shownPath(fix)}'`
    );
  };
}
