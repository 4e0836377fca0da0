/** The service, acquirer and channel every Alfa O2O body carries. */
export const ALFA_ENVELOPE = {
  service: { id: "ONLINE_TO_OFFLINE" },
  acquirer: { id: "ALFA" },
  channel: { id: "ONLINE_TO_OFFLINE_ALFA" },
} as const;
