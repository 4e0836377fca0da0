export { INQUIRY_STATUSES, INQUIRY_HTTP_STATUS, type InquiryStatus, type ResolverStatus } from "./inquiry-status";
export { PAYMENT_CODE_FORMAT, readPaymentCode } from "./payment-code";
export { rawJsonValueAt } from "./raw-json-value";
export { parseDokuBody, type BodyParseResult, type BodyParseFailureReason } from "./parse-doku-body";
export { inquiryRequestSchema, paymentCodeSchema, type InquiryRequest } from "./inquiry-request";
export { resolverResultSchema, type ResolverResult, type ValidResolverResult } from "./resolver-result";
export { inquiryAnswerBody, type InquiryAnswerOptions } from "./inquiry-answer";
export { paymentNotificationSchema, TRANSACTION_STATUSES, type PaymentNotification, type TransactionStatus } from "./notification";
export { notificationContentKey, paymentReference } from "./notification-key";
