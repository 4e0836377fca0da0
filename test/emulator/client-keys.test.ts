import { createInquiryRouter } from "../../src";
import { type DokuEmulator, startDokuEmulator } from "../../src/emulator";
import { verifyDokuResponse } from "../../src/testing";
import { callDoku, CLIENT_ID, DGPC_PATH, dgpcBody } from "../support/doku-api";

// The emulator takes its clients as the routers do: { clientId, secretKeys }, checked by the same rule.
const NEW_KEY = "SK-EMULATOR-NEW";
const OLD_KEY = "SK-EMULATOR-OLD";

describe("the emulator's client keys", () => {
  it("refuses a secret key with stray whitespace, as the routers do", async () => {
    const clients = [{ clientId: CLIENT_ID, secretKeys: [NEW_KEY, `${OLD_KEY}\n`] }];
    const routerError = (() => {
      try {
        createInquiryRouter({
          path: "/doku/inquiry",
          clients,
          lookupPaymentCode: () => ({ status: "billing_not_found" }),
        });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(routerError).toBeInstanceOf(TypeError);
    await expect(startDokuEmulator({ clients })).rejects.toThrow(routerError as TypeError);
    await expect(startDokuEmulator({ clients })).rejects.toThrow(
      "express-doku: option `clients[0].secretKeys[1]` has leading or trailing whitespace; copy the key from the DOKU Back Office again",
    );
  });

  describe("with two keys", () => {
    let emulator: DokuEmulator;
    beforeAll(async () => {
      emulator = await startDokuEmulator({ clients: [{ clientId: CLIENT_ID, secretKeys: [NEW_KEY, OLD_KEY] }] });
    });
    afterAll(() => emulator.close());

    it.each([
      ["the first", NEW_KEY],
      ["the second", OLD_KEY],
    ])("accepts a call signed with %s and signs its answer with the first", async (_which, key) => {
      const answer = await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody(`INV-${key}`), secretKey: key });
      expect(answer.status).toBe(200);
      const check = { headers: answer.headers, body: answer.text, clientId: CLIENT_ID, requestTarget: DGPC_PATH };
      expect(verifyDokuResponse({ ...check, secretKey: NEW_KEY })).toEqual({ valid: true });
    });

    it("refuses a key it was not given", async () => {
      const answer = await callDoku(emulator, {
        path: DGPC_PATH,
        body: dgpcBody("INV-OTHER-KEY"),
        secretKey: "SK-NOT-GIVEN",
      });
      expect(answer.status).toBe(400);
    });
  });
});
