import { main } from "../../../src/cli/main";
import { capture } from "../captured-output";
import { type HandWrittenMerchant, HW_CLIENT_ID, HW_CODES } from "./hand-written-merchant";

export interface CheckCliRun {
  code: number;
  out: string;
  err: string;
}

/** The CLI's main() in this process, the secret in DOKU_SECRET_KEY as a merchant sets it. */
export async function runCliWithSecret(argv: string[], secret: string): Promise<CheckCliRun> {
  const out = capture();
  const err = capture();
  const previous = process.env.DOKU_SECRET_KEY;
  process.env.DOKU_SECRET_KEY = secret;
  try {
    const code = await main(argv, out, err);
    return { code, out: out.text, err: err.text };
  } finally {
    if (previous === undefined) delete process.env.DOKU_SECRET_KEY;
    else process.env.DOKU_SECRET_KEY = previous;
  }
}

/** `express-doku check` in this process. */
export const runCheckCli = (argv: string[], secret: string): Promise<CheckCliRun> =>
  runCliWithSecret(["check", ...argv], secret);

export interface JsonCheck {
  id: string;
  status: "passed" | "failed" | "skipped" | "to confirm";
  title: string;
  details: string[];
  doku?: string;
  fix?: string;
}

export const checksOf = (run: CheckCliRun): JsonCheck[] => (JSON.parse(run.out) as { checks: JsonCheck[] }).checks;
export const idsWith = (run: CheckCliRun, status: JsonCheck["status"]): string[] =>
  checksOf(run)
    .filter((c) => c.status === status)
    .map((c) => c.id);

/** The check's arguments for the hand-written merchant, with the codes named (in this order). */
export const argsWithCodes = (m: HandWrittenMerchant, codes: (keyof typeof HW_CODES)[], ...extra: string[]) => [
  "--inquiry-url",
  m.inquiryUrl,
  "--notify-url",
  m.notifyUrl,
  "--client-id",
  HW_CLIENT_ID,
  ...codes.flatMap((name) => [`--${name}`, HW_CODES[name]]),
  "--spacing-ms",
  "0",
  ...extra,
];

/** The check's arguments for the hand-written merchant, every code given. */
export const argsFor = (m: HandWrittenMerchant, ...extra: string[]) =>
  argsWithCodes(m, ["payable", "paid", "expired"], ...extra);
