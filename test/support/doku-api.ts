import { type DokuEmulator, type DokuEmulatorOptions, startDokuEmulator } from "../../src/emulator";
import { signRequest } from "../../src/signature";

export const CLIENT_ID = "MCH-0001-EMULATOR";
export const SECRET = "SK-EMULATOR-TEST";
export const DGPC_PATH = "/alfa-online-to-offline/v2/payment-code";
export const MGPC_PATH = "/alfa-online-to-offline/v2/merchant-payment-code";

export interface ApiCall {
  method?: "GET" | "POST" | "PATCH";
  path: string;
  /** An object is sent as JSON; a string or Buffer as it is. */
  body?: object | string | Buffer;
  clientId?: string;
  secretKey?: string;
  requestId?: string;
  timestampMs?: number;
  /** How long to wait for the answer. Default 10 s. */
  timeoutMs?: number;
  /** Replaces (or, with `undefined`, removes) the signed headers. */
  headers?: Record<string, string | undefined>;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
  requestId: string;
}

/** A call to DOKU's API signed as a merchant signs it (a GET has no Digest line). */
export async function callDoku(emulator: DokuEmulator, call: ApiCall): Promise<ApiAnswer> {
  const method = call.method ?? "POST";
  // A POST or PATCH always has a Digest line, over zero bytes when it has no body.
  const signed = signRequest({
    clientId: call.clientId ?? CLIENT_ID,
    secretKey: call.secretKey ?? SECRET,
    requestTarget: call.path,
    body: method === "GET" ? undefined : (call.body ?? ""),
    requestId: call.requestId,
    timestamp: call.timestampMs,
  });
  const headers: Record<string, string> = { ...signed.headers };
  for (const [name, value] of Object.entries(call.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  const response = await fetch(`${emulator.url}${call.path}`, {
    method,
    headers,
    ...(signed.bytes === undefined ? {} : { body: signed.bytes }),
    signal: AbortSignal.timeout(call.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json, requestId: signed.headers["Request-Id"] };
}

export function dgpcBody(
  invoice: string,
  overrides: {
    amount?: number;
    expired_time?: number;
    reusable_status?: boolean;
    info?: string;
    additional_info?: Record<string, unknown>;
  } = {},
) {
  return {
    order: { invoice_number: invoice, amount: overrides.amount ?? 150_000 },
    online_to_offline_info: {
      expired_time: overrides.expired_time ?? 60,
      reusable_status: overrides.reusable_status ?? false,
      info: overrides.info ?? "Toko Demo",
    },
    customer: { name: "Anton Budiman", email: "anton@example.com" },
    ...(overrides.additional_info === undefined ? {} : { additional_info: overrides.additional_info }),
  };
}

export function mgpcBody(invoice: string, paymentCode: string, amount = 150_000) {
  const body = dgpcBody(invoice, { amount });
  return { ...body, online_to_offline_info: { ...body.online_to_offline_info, payment_code: paymentCode } };
}

export function patchBody(
  invoice: string,
  paymentCode: string,
  status: "ACTIVE" | "DELETE",
  extra: Record<string, unknown> = {},
) {
  return {
    order: { invoice_number: invoice, amount: 150_000 },
    online_to_offline_info: { payment_code: paymentCode, status, reusable_status: false, ...extra },
  };
}

/** An emulator on a free port with the test client; closed by the returned function. */
export async function emulatorWith(options: Partial<DokuEmulatorOptions> = {}): Promise<DokuEmulator> {
  return startDokuEmulator({ clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }], ...options });
}
