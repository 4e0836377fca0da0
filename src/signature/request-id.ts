/** The longest Request-Id DOKU sends or takes. */
export const REQUEST_ID_MAX_LENGTH = 128;
