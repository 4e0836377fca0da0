import { randomUUID } from "node:crypto";

import Redis from "ioredis";

import { createRedisStore } from "../../src";
import { redisUnavailableReason, sharedRedis, STORE_CLIENT_OPTIONS } from "../support/redis-server";
import { describeUnless } from "../support/skips";
import { describeInquiryConformance, describeNotificationConformance, type Mounted } from "./battery";
import { IN_PROCESS_MOUNTINGS } from "./mountings";

// Every mounting in this process with the memory store; then, on Redis, the notification battery
// again (at most once across a shared store) and the inquiry's replay.
describe.each(IN_PROCESS_MOUNTINGS)("$name", (mounting) => {
  let mounted: Mounted;
  beforeAll(async () => {
    mounted = await mounting.start();
  });
  afterAll(() => mounted.close());

  describeInquiryConformance(mounting.name, () => mounted);
  describeNotificationConformance(mounting.name, () => mounted);
});

describeUnless(redisUnavailableReason)("on a Redis store", () => {
  let redis: { url: string; dispose(): Promise<void> };
  let client: Redis;
  beforeAll(async () => {
    redis = await sharedRedis();
    client = new Redis(redis.url, STORE_CLIENT_OPTIONS);
    await new Promise((ready) => client.once("ready", ready));
  });
  afterAll(async () => {
    client.disconnect();
    await redis.dispose();
  });

  describe.each(IN_PROCESS_MOUNTINGS)("$name", (mounting) => {
    let mounted: Mounted;
    beforeAll(async () => {
      const prefix = `conformance:${randomUUID()}:`;
      mounted = await mounting.start({
        inquiry: createRedisStore({ client, prefix: `${prefix}inquiry:` }),
        notification: createRedisStore({ client, prefix: `${prefix}notification:` }),
      });
    });
    afterAll(() => mounted.close());

    describeNotificationConformance(`${mounting.name} on Redis`, () => mounted);
  });
});
