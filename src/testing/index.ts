export {
  buildInquiryBody,
  buildNotificationBody,
  type InquiryBodyInput,
  type NotificationBodyInput,
} from "../protocol";
export {
  dokuInquiryRequest,
  type DokuInquiryRequestInput,
  dokuNotificationRequest,
  type DokuNotificationRequestInput,
} from "./fetch-helpers";
export { readDokuResponse, type ReadDokuResponseInput, type ReadDokuResponseResult } from "./read-doku-response";
export {
  type DokuRequestHeaders,
  signDokuRequest,
  type SignDokuRequestInput,
  type SignedDokuRequest,
} from "./sign-doku-request";
export { dokuInquiry, type DokuInquiryCall, dokuNotification, type DokuNotificationCall } from "./supertest-helpers";
export {
  type ResponseCheck,
  type ResponseCheckFailure,
  verifyDokuResponse,
  type VerifyDokuResponseInput,
} from "./verify-doku-response";
