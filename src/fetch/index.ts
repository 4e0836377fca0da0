// `express-doku/fetch`: the routers as fetch handlers, `(request: Request) => Promise<Response>`,
// for Next.js route handlers, Hono, Bun.serve and Deno.serve. docs/api.md lists all of it.
export { createInquiryHandler, createNotificationHandler } from "./create-handlers";
export type { DokuFetchHandler } from "./fetch-handler";
export type {
  InquiryHandlerContext,
  InquiryHandlerOptions,
  NotificationHandlerContext,
  NotificationHandlerOptions,
} from "./handler-options";
