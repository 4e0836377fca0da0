import type { IncomingHttpHeaders } from "node:http";

import type { SignedHeaders } from "../signature";

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The four signature headers. Node joins a repeated header with ", ", which no genuine value contains. */
export function readSignedHeaders(headers: IncomingHttpHeaders): SignedHeaders {
  return {
    clientId: single(headers["client-id"]),
    requestId: single(headers["request-id"]),
    timestamp: single(headers["request-timestamp"]),
    signature: single(headers["signature"]),
  };
}
