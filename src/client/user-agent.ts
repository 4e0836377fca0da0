import { version } from "../../package.json";

/** Sent on every call, so DOKU (and a proxy's logs) can tell who called. */
export const USER_AGENT = `express-doku/${version}`;
