/**
 * The service, acquirer and channel of an Indomaret O2O body. The channel id is DOKU's (its
 * Magento plugin's configuration); the acquirer id is the emulator's reading, DOKU publishes none.
 */
export const INDOMARET_ENVELOPE = {
  service: { id: "ONLINE_TO_OFFLINE" },
  acquirer: { id: "INDOMARET" },
  channel: { id: "ONLINE_TO_OFFLINE_INDOMARET" },
} as const;
