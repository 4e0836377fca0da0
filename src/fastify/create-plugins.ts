import { inquiryReceiver } from "../inquiry/inquiry-receiver";
import { notificationReceiver } from "../notification/notification-receiver";
import { createFastifyPlugin, FASTIFY_DEFAULTS } from "./fastify-plugin";
import type { InquiryPluginOptions, NotificationPluginOptions } from "./plugin-options";

/**
 * DOKU's Direct Inquiry endpoint as a Fastify plugin:
 * `app.register(dokuInquiry, { path, clients, lookupPaymentCode })`.
 */
export const dokuInquiry = createFastifyPlugin<InquiryPluginOptions>("dokuInquiry", (options) =>
  inquiryReceiver(options, FASTIFY_DEFAULTS),
);

/** DOKU's payment notification endpoint as a Fastify plugin: `onPayment` at most once to completion per payment. */
export const dokuNotification = createFastifyPlugin<NotificationPluginOptions>("dokuNotification", (options) =>
  notificationReceiver(options, FASTIFY_DEFAULTS),
);
