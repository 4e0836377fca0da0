import { CHECK_STATUS_PATH, DGPC_PATH, DGPC_VIRTUAL_ACCOUNT_PATH, INDOMARET_PATH, MGPC_PATH } from "../../protocol";

export type ApiRouteName = "create" | "create_indomaret" | "register" | "update" | "status";

export interface ApiRoute {
  name: ApiRouteName;
  /** Check Status: the invoice number or Request-Id in the path, decoded. */
  identifier?: string;
}

/**
 * DOKU's Alfa and Indomaret paths (docs/doku-api.md#paths), matched exactly as DOKU's gateway does (case and
 * trailing slash count). DGPC answers on the path DOKU's plugins use and on the seed page's.
 */
export function matchApiRoute(method: string, path: string): ApiRoute | undefined {
  if (method === "POST" && (path === DGPC_PATH || path === DGPC_VIRTUAL_ACCOUNT_PATH)) return { name: "create" };
  if (method === "POST" && path === INDOMARET_PATH) return { name: "create_indomaret" };
  if (method === "POST" && path === MGPC_PATH) return { name: "register" };
  if (method === "PATCH" && path === DGPC_PATH) return { name: "update" };
  if (method === "GET" && path.startsWith(CHECK_STATUS_PATH) && path.length > CHECK_STATUS_PATH.length) {
    const raw = path.slice(CHECK_STATUS_PATH.length);
    if (raw.includes("/")) return undefined;
    try {
      return { name: "status", identifier: decodeURIComponent(raw) };
    } catch {
      return { name: "status", identifier: raw };
    }
  }
  return undefined;
}

/** A PATCH is an update or a cancel by its body; a body that cannot tell counts as an update. */
export function patchKind(body: Buffer): "update" | "cancel" {
  try {
    const json = JSON.parse(body.toString("utf8")) as { online_to_offline_info?: { status?: unknown } } | null;
    return json?.online_to_offline_info?.status === "DELETE" ? "cancel" : "update";
  } catch {
    return "update";
  }
}
