export { signDokuRequest, type SignDokuRequestInput, type SignedDokuRequest, type DokuRequestHeaders } from "./sign-doku-request";
export { buildInquiryBody, buildNotificationBody, type InquiryBodyInput, type NotificationBodyInput } from "../protocol/build-bodies";
export { verifyDokuResponse, type VerifyDokuResponseInput, type ResponseCheck, type ResponseCheckFailure } from "./verify-doku-response";
export { dokuInquiry, dokuNotification, type DokuInquiryCall, type DokuNotificationCall } from "./supertest-helpers";
