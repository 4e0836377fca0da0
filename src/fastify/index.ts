// `express-doku/fastify`: the routers as Fastify 5 plugins, `app.register(dokuInquiry, options)`.
// docs/api.md lists all of it.
export { dokuInquiry, dokuNotification } from "./create-plugins";
export type {
  InquiryPluginContext,
  InquiryPluginOptions,
  NotificationPluginContext,
  NotificationPluginOptions,
} from "./plugin-options";
