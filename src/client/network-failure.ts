/**
 * Codes raised only before a byte of the request is written: a name that did not resolve, a
 * connection refused, undici's connect timeout, a TLS handshake refused (plain HTTP on the port,
 * a certificate not trusted). Other codes (a reset, a socket closed) can come after the request was
 * written, unless the system call that failed was the connect or the lookup itself.
 */
const BEFORE_SENDING = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
]);
const BEFORE_SENDING_CALLS = new Set(["connect", "getaddrinfo"]);

export interface NetworkFailure {
  /** The system's or undici's code (`ECONNREFUSED`), or the error's message when it has none. */
  code: string;
  /** `false` only when the request certainly was not written. */
  maybeSent: boolean;
}

interface SystemError {
  code?: unknown;
  syscall?: unknown;
  message?: unknown;
  errors?: unknown;
}

function notSent(error: SystemError): boolean {
  // Node tries each address of a name in turn (autoSelectFamily): all of them refused, nothing sent.
  if (Array.isArray(error.errors) && error.errors.length > 0)
    return error.errors.every((e) => typeof e === "object" && e !== null && notSent(e as SystemError));
  return (
    (typeof error.code === "string" && BEFORE_SENDING.has(error.code)) ||
    (typeof error.syscall === "string" && BEFORE_SENDING_CALLS.has(error.syscall))
  );
}

/** What a failed fetch says about the request: Node's fetch throws `TypeError("fetch failed")` with the cause. */
export function readNetworkFailure(error: unknown): NetworkFailure {
  const outer = (typeof error === "object" && error !== null ? error : {}) as SystemError & { cause?: unknown };
  const inner = typeof outer.cause === "object" && outer.cause !== null ? (outer.cause as SystemError) : undefined;
  const failure = inner !== undefined && (inner.code !== undefined || inner.errors !== undefined) ? inner : outer;
  const firstCode = Array.isArray(failure.errors)
    ? (failure.errors as SystemError[]).find((e) => typeof e?.code === "string")?.code
    : undefined;
  const code =
    typeof failure.code === "string"
      ? failure.code
      : typeof firstCode === "string"
        ? firstCode
        : String(inner?.message ?? outer.message ?? error);
  return { code, maybeSent: !notSent(failure) };
}
