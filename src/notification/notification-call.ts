import type { AuthenticatedRequest } from "../pipeline/authenticate-request";
import type { LazyAbort } from "../pipeline/lazy-abort";
import { MerchantCallContext } from "../pipeline/merchant-call-context";
import type { NotificationContextFor } from "./notification-context";

/** The context `onPayment` gets. */
export class NotificationCall<Req, Tx> extends MerchantCallContext implements NotificationContextFor<Req, Tx> {
  constructor(
    abort: LazyAbort,
    auth: AuthenticatedRequest,
    readonly idempotencyKey: string,
    readonly req: Req,
    readonly transaction: Tx,
  ) {
    super(abort, auth);
  }

  // On the prototype: no field set per request.
  get source(): "notification" {
    return "notification";
  }
}
