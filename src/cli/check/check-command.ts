import { writeFileSync } from "node:fs";

import { PAYMENT_CODE_FORMAT } from "../../protocol";
import { CliError } from "../http-call";
import { COLOURS, PLAIN } from "../report";
import { readSecretKey } from "../secret-key-input";
import { timeoutMsOf } from "../timeout-option";
import { CHECKS } from "./check-catalog";
import type { CheckInput, CheckRun } from "./check-types";
import { markdownReport } from "./markdown-report";
import { runCheck } from "./run-check";
import { textReport } from "./text-report";

/** The options `check` reads, as parseArgs gives them. */
export interface CheckValues {
  "inquiry-url"?: string | undefined;
  "notify-url"?: string | undefined;
  "client-id"?: string | undefined;
  "secret-key"?: string | undefined;
  payable?: string | undefined;
  paid?: string | undefined;
  expired?: string | undefined;
  unknown?: string | undefined;
  "order-status-url"?: string | undefined;
  "budget-ms"?: string | undefined;
  "spacing-ms"?: string | undefined;
  timeout: string;
  report?: string | undefined;
  json: boolean;
}

interface Writer {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** DOKU's practice: the till waits a few seconds for the merchant. */
const DEFAULT_BUDGET_MS = 3000;
const DEFAULT_SPACING_MS = 250;

function text(values: CheckValues, name: "inquiry-url" | "notify-url" | "client-id" | "payable"): string {
  const value = values[name];
  if (value === undefined || value === "") throw new CliError(`--${name} is required; see express-doku --help`);
  return value;
}

function url(values: CheckValues, name: "inquiry-url" | "notify-url" | "order-status-url"): string {
  const value = name === "order-status-url" ? (values[name] as string) : text(values, name);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new CliError(
      `--${name} ${value} is not a URL; give the full address, e.g. https://shop.example/doku/inquiry`,
    );
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new CliError(`--${name} takes an http(s) URL`);
  return value;
}

function code(values: CheckValues, name: "payable" | "paid" | "expired" | "unknown"): string | undefined {
  const value = name === "payable" ? text(values, name) : values[name];
  if (value !== undefined && !PAYMENT_CODE_FORMAT.test(value))
    throw new CliError(`--${name} takes a payment code of 1 to 20 digits; got ${JSON.stringify(value)}`);
  return value;
}

function milliseconds(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`--${name} takes a whole number of milliseconds from ${min}`);
  return n;
}

function readCheckInput(values: CheckValues, warn: (line: string) => void): CheckInput {
  return {
    inquiryUrl: url(values, "inquiry-url"),
    notifyUrl: url(values, "notify-url"),
    clientId: text(values, "client-id"),
    secretKey: readSecretKey(values["secret-key"], warn),
    codes: {
      payable: code(values, "payable") as string,
      paid: code(values, "paid"),
      expired: code(values, "expired"),
      unknown: code(values, "unknown"),
    },
    orderStatusUrl: values["order-status-url"] === undefined ? undefined : url(values, "order-status-url"),
    budgetMs: milliseconds(values["budget-ms"], "budget-ms", DEFAULT_BUDGET_MS, 1),
    spacingMs: milliseconds(values["spacing-ms"], "spacing-ms", DEFAULT_SPACING_MS, 0),
    timeoutMs: timeoutMsOf(values.timeout),
  };
}

/** The run for a machine: each check with its words, as the text report shows them. */
function jsonReport(run: CheckRun): string {
  const checks = run.outcomes.map((o) => ({
    id: o.id,
    status: o.status,
    title: CHECKS[o.id].title,
    details: o.details,
    ...(o.status === "failed" ? { doku: CHECKS[o.id].doku, fix: CHECKS[o.id].fix } : {}),
  }));
  const { outcomes: _outcomes, ...rest } = run;
  return JSON.stringify({ ...rest, checks });
}

/** `express-doku check`: 0 when every check DOKU makes passed, 1 when one failed, 2 for usage or connection. */
export async function checkCommand(values: CheckValues, out: Writer, err: Writer): Promise<number> {
  try {
    const input = readCheckInput(values, (line) => err.write(`${line}\n`));
    const run = await runCheck(input);
    if (values.report !== undefined) {
      try {
        writeFileSync(values.report, markdownReport(run));
      } catch (error) {
        throw new CliError(
          `cannot write --report ${values.report} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
        );
      }
    }
    out.write(`${values.json ? jsonReport(run) : textReport(run, out.isTTY === true ? COLOURS : PLAIN)}\n`);
    return run.ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (values.json) out.write(`${JSON.stringify({ ok: false, error: error.message })}\n`);
    err.write(`express-doku: ${error.message}\n`);
    return 2;
  }
}
