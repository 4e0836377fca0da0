import { OptionError } from "../options/option-error";
import { checkSecretKey } from "../options/secret-key-option";
import { CliError } from "./http-call";

/**
 * The secret key from DOKU_SECRET_KEY, or from --secret-key, with a warning for what it may cost.
 * Whitespace around it is a warning for the simulator (it signs as told, to show what the app makes
 * of it) and an error for the emulator (which refuses such a key, as the routers do).
 */
export function readSecretKey(
  flag: string | undefined,
  warn: (line: string) => void,
  whitespace: "warn" | "refuse" = "warn",
): string {
  let secretKey = process.env.DOKU_SECRET_KEY;
  let source = "DOKU_SECRET_KEY";
  if (flag !== undefined) {
    warn("warning: --secret-key lands in your shell history; prefer DOKU_SECRET_KEY");
    secretKey = flag;
    source = "--secret-key";
  }
  if (secretKey === undefined || secretKey === "") {
    throw new CliError("no secret key: set DOKU_SECRET_KEY to the app's secret key (or pass --secret-key)");
  }
  try {
    checkSecretKey(source, secretKey);
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    const problem = `${error.option} ${error.problem}`;
    if (whitespace === "refuse") throw new CliError(problem);
    warn(`warning: ${problem} (the routers refuse such a key at start)`);
  }
  return secretKey;
}
