import type { FastifyRequest } from "fastify";

import type { InquiryContextFor, InquiryOptionsFor } from "../inquiry/inquiry-context";
import type { NotificationContextFor, NotificationOptionsFor } from "../notification/notification-context";

/** The inquiry router's options, `path` required; `ctx.req` and `requestTarget`'s argument are Fastify's request. */
export type InquiryPluginOptions = InquiryOptionsFor<FastifyRequest> & { path: string };
export type InquiryPluginContext = InquiryContextFor<FastifyRequest>;

/**
 * The notification router's options, `path` required; `ctx.req` is Fastify's request. A plugin's
 * options are not inferred per registration: with an `inbox`, `ctx.transaction` is `unknown`
 * (cast it to your driver's transaction).
 */
export type NotificationPluginOptions = NotificationOptionsFor<FastifyRequest, unknown> & { path: string };
export type NotificationPluginContext = NotificationContextFor<FastifyRequest, unknown>;
