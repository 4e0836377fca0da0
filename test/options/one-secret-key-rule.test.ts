import { createDokuClient, createInquiryRouter, createNotificationRouter, type DokuClientOptions } from "../../src";
import { startDokuEmulator } from "../../src/emulator";

// The routers, the client and the emulator check a secret key by one rule and word a refusal alike:
// only the option's name differs (the client takes one key, the others a list per client).
const PADDED = " SK-PADDED-SECRET\n";
const PROBLEM = "has leading or trailing whitespace; copy the key from the DOKU Back Office again";
const clients = [{ clientId: "MCH-ONE-RULE", secretKeys: [PADDED] }];

async function refusal(create: () => unknown): Promise<TypeError> {
  try {
    await create();
  } catch (error) {
    return error as TypeError;
  }
  throw new Error("accepted a padded secret key");
}

describe("a secret key with stray whitespace", () => {
  it("is refused with one message by the routers, the client and the emulator", async () => {
    const refusals = {
      inquiry: await refusal(() =>
        createInquiryRouter({ path: "/i", clients, lookupPaymentCode: () => ({ status: "billing_not_found" }) }),
      ),
      notification: await refusal(() => createNotificationRouter({ path: "/n", clients, onPayment: () => {} })),
      emulator: await refusal(() => startDokuEmulator({ clients })),
      client: await refusal(() =>
        createDokuClient({
          clientId: "MCH-ONE-RULE",
          secretKey: PADDED,
          environment: "sandbox",
        } satisfies DokuClientOptions),
      ),
    };
    for (const error of Object.values(refusals)) expect(error).toBeInstanceOf(TypeError);
    expect(Object.fromEntries(Object.entries(refusals).map(([name, error]) => [name, error.message]))).toEqual({
      inquiry: `express-doku: option \`clients[0].secretKeys[0]\` ${PROBLEM}`,
      notification: `express-doku: option \`clients[0].secretKeys[0]\` ${PROBLEM}`,
      emulator: `express-doku: option \`clients[0].secretKeys[0]\` ${PROBLEM}`,
      client: `express-doku: option \`secretKey\` ${PROBLEM}`,
    });
  });
});
