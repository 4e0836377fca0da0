import type { FastifyRequest } from "fastify";

import type { InquiryContextFor, InquiryOptionsFor } from "../inquiry/inquiry-context";
import type { NotificationContextFor, NotificationOptionsFor } from "../notification/notification-context";

/** The inquiry router's options, `path` required; `ctx.req` and `requestTarget`'s argument are Fastify's request. */
export type InquiryPluginOptions = InquiryOptionsFor<FastifyRequest> & { path: string };
export type InquiryPluginContext = InquiryContextFor<FastifyRequest>;

/** The notification router's options, `path` required; `ctx.req` is Fastify's request. */
export type NotificationPluginOptions = NotificationOptionsFor<FastifyRequest> & { path: string };
export type NotificationPluginContext = NotificationContextFor<FastifyRequest>;
