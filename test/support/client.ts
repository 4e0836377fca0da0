import { type ClientEvent, createDokuClient, type DokuClientOptions } from "../../src";
import type { DokuEmulator } from "../../src/emulator";
import { CLIENT_ID, SECRET } from "./doku-api";

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A client of the emulator (or of any DOKU at `url`) with fast retries, recording every request it sent and every event. */
export function clientOf(emulator: Pick<DokuEmulator, "url">, options: Partial<DokuClientOptions> = {}) {
  const sent: SentRequest[] = [];
  const events: ClientEvent[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
    sent.push({
      method: init?.method ?? "GET",
      url: typeof input === "string" ? input : input instanceof URL ? input.href : input.url,
      headers,
      body: init?.body === undefined ? undefined : Buffer.from(init.body as Buffer).toString("utf8"),
    });
    return fetch(input, init);
  };
  const client = createDokuClient({
    clientId: CLIENT_ID,
    secretKey: SECRET,
    baseUrl: emulator.url,
    retryDelay: { initialMs: 1, maxMs: 5 },
    fetch: recordingFetch,
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { client, sent, events };
}

export function order(invoice: string, amount = 150_000) {
  return {
    order: { invoice_number: invoice, amount },
    online_to_offline_info: { expired_time: 60, reusable_status: false, info: "Toko Demo" },
    customer: { name: "Anton Budiman", email: "anton@example.com" },
  };
}
