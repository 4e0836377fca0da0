// What both DOKU routes share: the credentials from DOKU's Back Office, and a log of every call.
import type { ClientCredentials, DokuEvent } from "express-doku";

/** A variable, or its development default where NODE_ENV is not production. */
function setting(name: string, development: string): string {
  const value = process.env[name];
  if (value) return value;
  // `next build` loads the routes to collect their config: nothing is served then, and the keys are read again at start.
  if (process.env.NODE_ENV === "production" && process.env.NEXT_PHASE !== "phase-production-build")
    throw new Error(`set ${name} to the value from DOKU's Back Office`);
  return development;
}

export const clients: ClientCredentials[] = [
  {
    clientId: setting("DOKU_CLIENT_ID", "MCH-0001-DEVELOPMENT"),
    secretKeys: [setting("DOKU_SECRET_KEY", "development-only-secret-key")],
  },
];

/** One JSON line: a log line cannot be split or forged by what it quotes. */
export const log = (line: Record<string, unknown>) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), ...line }));

/** Every request DOKU makes, with its reason. */
export const onEvent = ({ error, ...event }: DokuEvent) =>
  log({ ...event, error: error instanceof Error ? error.message : error });
