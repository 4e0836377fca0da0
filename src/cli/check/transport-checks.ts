import { isIP } from "node:net";
import { connect } from "node:tls";

import { CliError } from "../http-call";
import type { CheckId } from "./check-catalog";
import { type CheckOutcome, failed, isRedirect, outcomeOf, passed, skipped } from "./check-types";
import { CANNOT_CONNECT, type Exchange } from "./doku-caller";

/**
 * The TLS handshake as DOKU's side makes it, with Node's default trust store: the certificate
 * trusted for the URL's host name, TLS 1.2 or later. An http URL is skipped (nothing to check).
 */
export function tlsOutcome(id: CheckId, href: string, timeoutMs: number): Promise<CheckOutcome> {
  const url = new URL(href);
  if (url.protocol !== "https:") return Promise.resolve(skipped(id, `${url.protocol}// URL: no TLS to check`));
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return new Promise((done, fail) => {
    const socket = connect({
      host,
      port: Number(url.port || 443),
      ...(isIP(host) === 0 ? { servername: host } : {}),
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const end = (outcome: CheckOutcome) => {
      socket.destroy();
      done(outcome);
    };
    socket.once("secureConnect", () => {
      const protocol = socket.getProtocol() ?? "an unknown protocol";
      if (!socket.authorized) {
        const why = socket.authorizationError;
        const code = typeof why === "string" ? why : ((why as NodeJS.ErrnoException).code ?? why.message);
        return end(failed(id, `${url.host}: the certificate is not trusted (${code})`));
      }
      const tooOld = protocol === "TLSv1" || protocol === "TLSv1.1";
      const cert = socket.getPeerCertificate();
      const until = cert.valid_to === undefined ? "" : `, valid until ${cert.valid_to}`;
      end(
        outcomeOf(
          id,
          tooOld ? [`${url.host}: ${protocol}, older than TLS 1.2`] : [],
          `${url.host}: ${protocol}${until}`,
        ),
      );
    });
    socket.once("timeout", () => end(failed(id, `${url.host}: no TLS handshake within ${timeoutMs} ms`)));
    socket.once("error", (error: NodeJS.ErrnoException) => {
      socket.destroy();
      if (error.code !== undefined && CANNOT_CONNECT.has(error.code))
        fail(new CliError(`cannot reach ${url.href} (${error.code}); is the app running and the URL right?`));
      else done(failed(id, `${url.host}: ${error.code ?? error.message}`));
    });
  });
}

/** No answer to the URL was a redirect: DOKU does not follow one. */
export function noRedirectOutcome(id: CheckId, exchanges: readonly Exchange[]): CheckOutcome {
  const redirects = exchanges.filter((e) => e.ok && isRedirect(e.status));
  const first = redirects[0];
  if (first === undefined || !first.ok) return passed(id, `${exchanges.length} answers, none a redirect`);
  const location = first.headers.get("Location");
  return failed(
    id,
    `HTTP ${first.status} to ${location === null ? "no Location" : `Location ${location}`} (${redirects.length} of ${exchanges.length} answers)`,
  );
}
