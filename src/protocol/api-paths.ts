// DOKU's API paths for Alfa and Indomaret payment codes, matched exactly as DOKU's gateway matches them
// (case and trailing slash count): the client calls them, the emulator answers on them.

/** DGPC (POST): DOKU generates the code. A PATCH on the same path updates or cancels a code. */
export const DGPC_PATH = "/alfa-online-to-offline/v2/payment-code";
/** DGPC on the path of DOKU's seed page; DOKU answers on both. */
export const DGPC_VIRTUAL_ACCOUNT_PATH = "/alfa-virtual-account/v2/payment-code";
/** MGPC (POST): the merchant registers a code of its own. */
export const MGPC_PATH = "/alfa-online-to-offline/v2/merchant-payment-code";
/** Indomaret (POST): DOKU generates the code; Indomaret has no merchant-generated codes, update or cancel. */
export const INDOMARET_PATH = "/indomaret-online-to-offline/v2/payment-code";
/** Check Status (GET): followed by the invoice number or the Request-Id, URL-encoded. */
export const CHECK_STATUS_PATH = "/orders/v1/status/";
/** A code's how-to-pay steps (GET): followed by the code. */
export const HOW_TO_PAY_API_PATH = "/alfa-online-to-offline/v2/how-to-pay-api/";
/** A code's how-to-pay page for the customer (GET): followed by the code. */
export const HOW_TO_PAY_PAGE_PATH = "/how-to-pay/";
/** An Indomaret code's how-to-pay page (GET): followed by the code. */
export const INDOMARET_HOW_TO_PAY_PAGE_PATH = "/indomaret-online-to-offline/v2/how-to-pay-page/";
