import type { InquiryContextFor, InquiryOptionsFor } from "../inquiry/inquiry-context";
import type { NotificationContextFor, NotificationOptionsFor } from "../notification/notification-context";

/** The inquiry router's options, `path` optional; `ctx.req` and `requestTarget`'s argument are the fetch `Request`. */
export type InquiryHandlerOptions = InquiryOptionsFor<Request>;
export type InquiryHandlerContext = InquiryContextFor<Request>;

/** The notification router's options, `path` optional; `ctx.req` is the fetch `Request`. */
export type NotificationHandlerOptions<Tx = undefined> = NotificationOptionsFor<Request, Tx>;
export type NotificationHandlerContext<Tx = undefined> = NotificationContextFor<Request, Tx>;
