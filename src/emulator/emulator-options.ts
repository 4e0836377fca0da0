import type { KeyObject } from "node:crypto";

import { checkClients } from "../options/clients-option";
import { optionalFunction } from "../options/function-option";
import { wholeNumber } from "../options/number-options";
import { checkOptionsObject, optionError } from "../options/option-error";
import { PAYMENT_CODE_MAX_DIGITS } from "../protocol";
import { type ClientCredentials, createKeyring, type Keyring } from "../signature";
import type { CallLogEntry } from "./call-log";
import { type ErrorAnswer, UNDOCUMENTED_ANSWERS, type UndocumentedCase } from "./undocumented-answers";

export interface EmulatorLimits {
  /** Payment codes and Direct Inquiry payments kept. Default 10,000. */
  codes?: number;
  /** Entries in the call log; the oldest go first. Default 1,000. */
  calls?: number;
  /** Answers kept for Request-Id replay; the oldest go first. Default 10,000. */
  replays?: number;
  /** Largest request body, in bytes. Default 64 KiB. */
  bodyBytes?: number;
}

export interface DokuEmulatorOptions {
  /**
   * The merchants it knows: their Client-Id and secret keys, as in DOKU's Back Office and as the
   * routers take them. It signs with the first key and accepts any of them.
   */
  clients: readonly ClientCredentials[];
  /** The merchant's Direct Inquiry URL: where the till asks about codes it does not hold. */
  inquiryUrl?: string;
  /** The merchant's Notification URL. */
  notificationUrl?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The clock's source, epoch ms; `advanceClock` moves the emulator forward from it. */
  now?: () => number;
  /** When a notification without a 2xx is sent again, in ms after the first attempt. Default DOKU's: +30 min, +6 h, +12 h. */
  retrySchedule?: readonly number[];
  /** Leading digits of the codes it generates. Default "8899". */
  codePrefix?: string;
  /** Digits of a generated code, prefix included, at most 20 (DOKU's limit). Default 16. */
  codeLength?: number;
  /** DOKU refuses a Request-Timestamp further than this from its clock. Default 3,600 s. */
  timestampToleranceSec?: number;
  /** Per attempt, for the inquiry and each notification it sends. Default 10 s. */
  merchantTimeoutMs?: number;
  limits?: EmulatorLimits;
  /** Its answer to each case DOKU does not document, replacing the emulator's choice. */
  answers?: Partial<Record<UndocumentedCase, ErrorAnswer>>;
  /** Each call it received or made, once it is done: for a log line. */
  onCall?: (entry: CallLogEntry) => void;
}

export interface EmulatorSettings {
  /** Each client with the key it signs with (its first). */
  clients: readonly { clientId: string; key: KeyObject }[];
  keyring: Keyring;
  inquiryUrl: URL | undefined;
  notificationUrl: URL | undefined;
  port: number;
  host: string;
  now: () => number;
  retrySchedule: readonly number[];
  codePrefix: string;
  codeLength: number;
  toleranceSec: number;
  merchantTimeoutMs: number;
  limits: Required<EmulatorLimits>;
  answers: Record<UndocumentedCase, ErrorAnswer>;
  onCall: ((entry: CallLogEntry) => void) | undefined;
}

const MINUTE = 60_000;
export const DOKU_RETRY_SCHEDULE = [30 * MINUTE, 6 * 60 * MINUTE, 12 * 60 * MINUTE] as const;

function httpUrl(option: string, value: unknown): URL | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw optionError(
      option,
      `must be an http(s) URL such as http://127.0.0.1:3000/doku/notify; got ${JSON.stringify(value)}`,
    );
  }
  return url;
}

function answersOf(value: DokuEmulatorOptions["answers"]): Record<UndocumentedCase, ErrorAnswer> {
  const answers: Record<UndocumentedCase, ErrorAnswer> = { ...UNDOCUMENTED_ANSWERS };
  for (const [name, answer] of Object.entries(value ?? {})) {
    if (!Object.hasOwn(UNDOCUMENTED_ANSWERS, name))
      throw optionError(
        `answers.${name}`,
        `is not a case it knows; use one of ${Object.keys(UNDOCUMENTED_ANSWERS).join(", ")}`,
      );
    answers[name as UndocumentedCase] = checkErrorAnswer(`answers.${name}`, answer, (where, what) => {
      throw optionError(where, what);
    });
  }
  return answers;
}

/** An error answer a test gives: an HTTP status of 400-599, a code and a message. */
export function checkErrorAnswer(
  where: string,
  value: unknown,
  onBad: (where: string, what: string) => never,
): ErrorAnswer {
  const a = value as Partial<ErrorAnswer> | undefined;
  if (
    typeof a !== "object" ||
    a === null ||
    !Number.isInteger(a.status) ||
    (a.status as number) < 400 ||
    (a.status as number) > 599 ||
    typeof a.code !== "string" ||
    typeof a.message !== "string"
  ) {
    onBad(where, "must be { status: 400-599, code: string, message: string }");
  }
  return { status: a.status as number, code: a.code, message: a.message };
}

/** Checks every option once, at start; a `TypeError` names the option (never a secret). */
export function resolveEmulatorOptions(options: DokuEmulatorOptions): EmulatorSettings {
  checkOptionsObject(options, "at least clients");
  const keyring = createKeyring(checkClients(options.clients));
  const clients = [...keyring].map(([clientId, keys]) => ({ clientId, key: keys[0] as KeyObject }));
  const codePrefix = options.codePrefix ?? "8899";
  if (typeof codePrefix !== "string" || !/^\d{0,12}$/.test(codePrefix))
    throw optionError("codePrefix", "must be up to 12 digits");
  const codeLength = wholeNumber(
    "codeLength",
    options.codeLength,
    16,
    Math.max(codePrefix.length + 4, 8),
    PAYMENT_CODE_MAX_DIGITS,
  );
  const schedule = options.retrySchedule ?? DOKU_RETRY_SCHEDULE;
  if (
    !Array.isArray(schedule) ||
    schedule.length > 10 ||
    schedule.some((ms, i) => typeof ms !== "number" || !(ms > 0) || (i > 0 && ms <= (schedule[i - 1] as number)))
  ) {
    throw optionError(
      "retrySchedule",
      "must be at most 10 increasing delays in ms after the first attempt, e.g. [1800000, 21600000, 43200000]",
    );
  }
  const now = optionalFunction<() => number>("now", options.now, "must be a function returning epoch ms");
  const onCall = optionalFunction<(entry: CallLogEntry) => void>("onCall", options.onCall);
  const host = options.host ?? "127.0.0.1";
  if (typeof host !== "string" || host === "") throw optionError("host", "must be a host name or address");
  const limits = options.limits ?? {};
  return {
    clients,
    keyring,
    inquiryUrl: httpUrl("inquiryUrl", options.inquiryUrl),
    notificationUrl: httpUrl("notificationUrl", options.notificationUrl),
    port: wholeNumber("port", options.port, 0, 0, 65_535),
    host,
    now: now ?? Date.now,
    // Array.isArray widened it to any[]; checked element by element above.
    retrySchedule: [...(schedule as readonly number[])],
    codePrefix,
    codeLength,
    toleranceSec: wholeNumber("timestampToleranceSec", options.timestampToleranceSec, 3600, 1),
    merchantTimeoutMs: wholeNumber("merchantTimeoutMs", options.merchantTimeoutMs, 10_000, 1, 600_000),
    limits: {
      codes: wholeNumber("limits.codes", limits.codes, 10_000, 1, 1_000_000),
      calls: wholeNumber("limits.calls", limits.calls, 1_000, 1, 100_000),
      replays: wholeNumber("limits.replays", limits.replays, 10_000, 1, 1_000_000),
      bodyBytes: wholeNumber("limits.bodyBytes", limits.bodyBytes, 64 * 1024, 1024, 1024 * 1024),
    },
    answers: answersOf(options.answers),
    onCall,
  };
}
