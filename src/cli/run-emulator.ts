import { type CallLogEntry, startDokuEmulator } from "../emulator";
import { OptionError } from "../options/option-error";
import { CliError } from "./http-call";
import type { Style } from "./report";

export interface EmulatorCommand {
  port: number;
  host: string;
  clientId: string;
  secretKey: string;
  inquiryUrl: string | undefined;
  notificationUrl: string | undefined;
  codePrefix: string | undefined;
}

/** One line a person can read for each call the emulator received or made. */
export function describeCall(call: CallLogEntry, style: Style): string {
  const arrow = call.direction === "received" ? "<-" : "->";
  const outcome =
    call.status === undefined
      ? style.bad(call.error ?? (call.fault === undefined ? "no answer" : "no answer (fault)"))
      : call.status < 400
        ? style.ok(String(call.status))
        : style.bad(String(call.status));
  const signature =
    call.signature === undefined
      ? ""
      : call.signature.valid
        ? "  signature ok"
        : `  ${style.bad(`signature ${call.signature.reason ?? "refused"}`)}`;
  const extra = [
    call.replayed ? "replayed" : "",
    call.attempt !== undefined ? `attempt ${call.attempt}` : "",
    call.fault !== undefined ? "fault" : "",
  ]
    .filter(Boolean)
    .join(", ");
  return `${call.at.slice(11, 19)} ${arrow} ${call.kind} ${call.method} ${call.url} ${outcome}${signature}${extra ? `  (${extra})` : ""}  ${style.dim(`Request-Id ${call.requestId ?? "-"}`)}`;
}

/** The emulator's options the CLI's flags set, by name: its option errors name the flag. */
const FLAGS: Record<string, string> = {
  inquiryUrl: "--inquiry-url",
  notificationUrl: "--notification-url",
  codePrefix: "--code-prefix",
};

/** `express-doku emulator`: runs until SIGINT or SIGTERM, then closes cleanly. */
export async function runEmulator(
  command: EmulatorCommand,
  out: (line: string) => void,
  style: Style,
): Promise<number> {
  let emulator;
  try {
    emulator = await startDokuEmulator({
      clients: [{ clientId: command.clientId, secretKeys: [command.secretKey] }],
      port: command.port,
      host: command.host,
      ...(command.inquiryUrl === undefined ? {} : { inquiryUrl: command.inquiryUrl }),
      ...(command.notificationUrl === undefined ? {} : { notificationUrl: command.notificationUrl }),
      ...(command.codePrefix === undefined ? {} : { codePrefix: command.codePrefix }),
      onCall: (call) => out(describeCall(call, style)),
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE")
      throw new CliError(`port ${command.port} is taken; stop what runs there or pass another --port`);
    if (error instanceof OptionError) throw new CliError(`${FLAGS[error.option] ?? error.option} ${error.problem}`);
    if (error instanceof TypeError) throw new CliError(error.message.replace(/^express-doku: /, ""));
    throw new CliError(`the emulator could not start (${code ?? (error as Error).message})`);
  }
  out(`Local DOKU listening on ${emulator.url}`);
  out(`  cashier page:      ${emulator.tillUrl}`);
  out(
    `  for your app:      DOKU base URL ${emulator.url}, Client-Id ${command.clientId}, the secret key in DOKU_SECRET_KEY`,
  );
  out(`  Inquiry URL:       ${command.inquiryUrl ?? "none (Direct Inquiry codes are refused; pass --inquiry-url)"}`);
  out(
    `  Notification URL:  ${command.notificationUrl ?? "none (payments send no notification; pass --notification-url)"}`,
  );
  out("Ctrl-C stops it.");
  await new Promise<void>((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      done();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await emulator.close();
  out("Local DOKU stopped.");
  return 0;
}
