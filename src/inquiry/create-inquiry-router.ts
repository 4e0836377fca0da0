import type { IncomingMessage } from "node:http";

import { defaultRequestTarget } from "../http/request-target";
import { createNodeRouter, type DokuRouter } from "../pipeline/node-router";
import type { InquiryOptionsFor } from "./inquiry-context";
import type { InquiryRouterOptions } from "./inquiry-options";
import { inquiryReceiver } from "./inquiry-receiver";

/**
 * DOKU's Direct Inquiry (DIPC) endpoint for Alfa Group payment codes, as Express middleware
 * or a node:http handler: verifies the request, asks `lookupPaymentCode`, and answers with a
 * signed body and the status's HTTP code.
 */
export function createInquiryRouter(options: InquiryRouterOptions): DokuRouter {
  // Typed for Express; on node:http `ctx` annotated with `IncomingMessage` (its option types' `Req`) fits as well.
  const parts = inquiryReceiver(options as unknown as InquiryOptionsFor<IncomingMessage>, {
    requestTarget: defaultRequestTarget,
    pathRequired: true,
  });
  return createNodeRouter(parts);
}
