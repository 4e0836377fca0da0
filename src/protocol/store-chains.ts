import { ALFA_ENVELOPE } from "./alfa-envelope";
import { INDOMARET_ENVELOPE } from "./indomaret-envelope";

/** The store chains where a customer pays a DOKU payment code in cash. */
export const STORE_CHAINS = ["alfa", "indomaret"] as const;
export type StoreChain = (typeof STORE_CHAINS)[number];

/** Each chain's service, acquirer and channel, as its notifications and Check Status carry them. */
export const STORE_ENVELOPES = { alfa: ALFA_ENVELOPE, indomaret: INDOMARET_ENVELOPE } as const;

export type StoreChannelId = (typeof STORE_ENVELOPES)[StoreChain]["channel"]["id"];

/** The chain a notification's `channel.id` names; `undefined` for a channel of another kind. */
export function storeChainOf(channelId: string): StoreChain | undefined {
  return STORE_CHAINS.find((chain) => STORE_ENVELOPES[chain].channel.id === channelId);
}
