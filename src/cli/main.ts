import { parseArgs } from "node:util";

import { version } from "../../package.json";
import { STORE_CHAINS, type StoreChain, TRANSACTION_STATUSES, type TransactionStatus } from "../protocol";
import { REQUEST_ID_MAX_LENGTH } from "../signature/request-id";
import { checkCommand } from "./check/check-command";
import { CliError } from "./http-call";
import { COLOURS, describeSteps, PLAIN } from "./report";
import { runEmulator } from "./run-emulator";
import { readSecretKey } from "./secret-key-input";
import {
  type Connection,
  simulateIndomaretPay,
  simulateInquiry,
  simulateNotify,
  simulatePay,
  type Step,
} from "./simulate";
import { timeoutMsOf } from "./timeout-option";
import { unknownOption } from "./unknown-option";

const USAGE = `express-doku: play DOKU against your app, signed as DOKU signs.

  express-doku simulate inquiry --url URL --client-id ID --payment-code CODE
  express-doku simulate notify  --url URL --client-id ID --invoice INV --amount N --payment-code CODE [--status STATUS]
                                [--agent-trx-id ID]   (the same payment again, as DOKU retries it under a new Request-Id)
                                [--request-id ID --date TIME --original-request-id ID]   (the very same call again)
                                [--chain indomaret]   (Indomaret's channel; default alfa)
  express-doku simulate pay     --inquiry-url URL --notify-url URL --client-id ID --payment-code CODE [--status STATUS]
  express-doku simulate pay --chain indomaret --notify-url URL --client-id ID --payment-code CODE --invoice INV --amount N
                                (Indomaret has no inquiry: DOKU holds the code, the payment is its notification)
  express-doku emulator --client-id ID [--port 4010] [--inquiry-url URL] [--notification-url URL] [--code-prefix DIGITS]
  express-doku check --inquiry-url URL --notify-url URL --client-id ID --payable CODE
                     [--paid CODE] [--expired CODE] [--unknown CODE] [--order-status-url URL]
                     [--budget-ms 3000] [--spacing-ms 250] [--report FILE.md]
                     (DOKU's go-live test of your endpoints: exit 0 when no check failed, 1 when one did;
                      docs/go-live-check.md names every check)

STATUS is SUCCESS (default), FAILED, PENDING, EXPIRED, REFUNDED or TIMEOUT.
The secret key comes from DOKU_SECRET_KEY (or --secret-key, which lands in your shell history).
Options: --timeout SECONDS (default 10), --json (machine output), --version.
The emulator is a local DOKU (its API, a cashier page, notifications); Ctrl-C stops it.
Exit codes: 0 everything DOKU checks passed and the customer can pay, 1 DOKU would object, 2 usage or connection
error, 3 DOKU takes the answer but the customer cannot pay (decline or a billing_* status).`;

const OPTIONS = {
  url: { type: "string" },
  "inquiry-url": { type: "string" },
  "notify-url": { type: "string" },
  "notification-url": { type: "string" },
  port: { type: "string", default: "4010" },
  host: { type: "string", default: "127.0.0.1" },
  "code-prefix": { type: "string" },
  "client-id": { type: "string" },
  "payment-code": { type: "string" },
  invoice: { type: "string" },
  amount: { type: "string" },
  status: { type: "string", default: "SUCCESS" },
  chain: { type: "string", default: "alfa" },
  "secret-key": { type: "string" },
  "request-id": { type: "string" },
  "agent-trx-id": { type: "string" },
  date: { type: "string" },
  "original-request-id": { type: "string" },
  timeout: { type: "string", default: "10" },
  payable: { type: "string" },
  paid: { type: "string" },
  expired: { type: "string" },
  unknown: { type: "string" },
  "order-status-url": { type: "string" },
  "budget-ms": { type: "string" },
  "spacing-ms": { type: "string" },
  report: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  version: { type: "boolean", default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

function required(values: Values, name: keyof Values): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new CliError(`--${name} is required; see express-doku --help`);
  return value;
}

function connection(values: Values, warn: (line: string) => void): Connection {
  const secretKey = readSecretKey(values["secret-key"], warn);
  return { clientId: required(values, "client-id"), secretKey, timeoutMs: timeoutMsOf(values.timeout) };
}

function statusOf(values: Values): TransactionStatus {
  const status = values.status;
  if (!(TRANSACTION_STATUSES as readonly string[]).includes(status))
    throw new CliError(`--status is one of ${TRANSACTION_STATUSES.join(", ")}; got ${values.status}`);
  return status as TransactionStatus;
}

function chainOf(values: Values): StoreChain {
  if (!(STORE_CHAINS as readonly string[]).includes(values.chain))
    throw new CliError(`--chain is one of ${STORE_CHAINS.join(", ")}; got ${values.chain}`);
  return values.chain as StoreChain;
}

function amountOf(values: Values): number {
  const amount = Number(required(values, "amount"));
  if (!Number.isInteger(amount) || amount <= 0) throw new CliError("--amount takes a whole number of rupiah");
  return amount;
}

const NO_INDOMARET_INQUIRY =
  "Indomaret has no Direct Inquiry: DOKU holds its codes. Pay one with simulate pay --chain indomaret";

async function runCommand(action: string | undefined, values: Values, warn: (line: string) => void): Promise<Step[]> {
  const c = connection(values, warn);
  const code = required(values, "payment-code");
  const chain = chainOf(values);
  if (action === "inquiry") {
    if (chain === "indomaret") throw new CliError(NO_INDOMARET_INQUIRY);
    return [await simulateInquiry(required(values, "url"), code, c)];
  }
  if (action === "notify") {
    const amount = amountOf(values);
    const requestId = values["request-id"];
    if (requestId !== undefined && (requestId === "" || requestId.length > REQUEST_ID_MAX_LENGTH))
      throw new CliError(`--request-id takes 1 to ${REQUEST_ID_MAX_LENGTH} characters (DOKU's limit)`);
    return [
      await simulateNotify(
        required(values, "url"),
        {
          chain,
          invoiceNumber: required(values, "invoice"),
          amount,
          paymentCode: code,
          status: statusOf(values),
          requestId,
          agentTrxId: values["agent-trx-id"],
          date: values.date,
          originalRequestId: values["original-request-id"],
        },
        c,
      ),
    ];
  }
  if (action === "pay") {
    if (
      values["request-id"] !== undefined ||
      values["agent-trx-id"] !== undefined ||
      values.date !== undefined ||
      values["original-request-id"] !== undefined
    ) {
      throw new CliError(
        "--request-id, --agent-trx-id, --date and --original-request-id are for simulate notify (a pay makes a new payment)",
      );
    }
    if (chain === "indomaret") {
      if (values["inquiry-url"] !== undefined) throw new CliError(NO_INDOMARET_INQUIRY.replace(/ Pay.*$/, ""));
      return simulateIndomaretPay(
        required(values, "notify-url"),
        {
          invoiceNumber: required(values, "invoice"),
          amount: amountOf(values),
          paymentCode: code,
          status: statusOf(values),
        },
        c,
      );
    }
    return simulatePay(required(values, "inquiry-url"), required(values, "notify-url"), code, c, statusOf(values));
  }
  throw new CliError(`unknown command "simulate ${action ?? ""}"; use inquiry, notify or pay`);
}

/** Where the CLI writes: process.stdout / process.stderr, or a buffer in tests. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export async function main(
  argv: string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  const unknown = unknownOption(argv, OPTIONS);
  if (unknown !== undefined) {
    err.write(`express-doku: ${unknown}\n`);
    return 2;
  }
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true }));
  } catch (error) {
    err.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.version) {
    out.write(`${version}\n`);
    return 0;
  }
  if (!values.help && positionals[0] === "emulator") return emulatorCommand(values, out, err);
  if (!values.help && positionals[0] === "check") return checkCommand(values, out, err);
  if (values.help || positionals[0] !== "simulate") {
    (values.help ? out : err).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  try {
    const steps = await runCommand(positionals[1], values, (line) => err.write(`${line}\n`));
    const passed = steps.every((s) => s.problems.length === 0);
    const customerCanPay = steps.find((s) => s.kind === "inquiry")?.customerCanPay;
    if (values.json) out.write(`${JSON.stringify({ ok: passed, customerCanPay, steps })}\n`);
    else out.write(`${describeSteps(steps, out.isTTY === true ? COLOURS : PLAIN)}\n`);
    if (!passed) return 1;
    return customerCanPay === false ? 3 : 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (values.json) out.write(`${JSON.stringify({ ok: false, error: error.message })}\n`);
    err.write(`express-doku: ${error.message}\n`);
    return 2;
  }
}

async function emulatorCommand(values: Values, out: Output, err: Output): Promise<number> {
  try {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new CliError("--port takes a port number from 0 to 65535");
    const command = {
      port,
      host: values.host,
      clientId: required(values, "client-id"),
      secretKey: readSecretKey(values["secret-key"], (line) => err.write(`${line}\n`), "refuse"),
      inquiryUrl: values["inquiry-url"],
      notificationUrl: values["notification-url"],
      codePrefix: values["code-prefix"],
    };
    return await runEmulator(command, (line) => out.write(`${line}\n`), out.isTTY === true ? COLOURS : PLAIN);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    err.write(`express-doku: ${error.message}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`express-doku: unexpected failure: ${(error as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
