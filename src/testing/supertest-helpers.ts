import { createRequire } from "node:module";
import { join } from "node:path";

import { buildInquiryBody, buildNotificationBody, type NotificationBodyInput } from "../protocol";
import type { SecretKey } from "../signature";
import { signDokuRequest } from "./sign-doku-request";

// supertest is the merchant's dev dependency, not ours: resolved from their project, on first use.
type SupertestTest = import("supertest").Test;
type Supertest = (app: unknown) => { post(path: string): SupertestTest };

let supertest: Supertest | undefined;
function loadSupertest(): Supertest {
  if (supertest === undefined) {
    try {
      supertest = createRequire(join(process.cwd(), "package.json"))("supertest") as Supertest;
    } catch {
      throw new Error(
        "express-doku/testing: dokuInquiry and dokuNotification need supertest (npm install --save-dev supertest)",
      );
    }
  }
  return supertest;
}

interface DokuCall {
  /** The path the router is mounted at; also the signed Request-Target. */
  path: string;
  clientId: string;
  secretKey: SecretKey;
  requestId?: string;
  timestamp?: Date | number | string;
}

export interface DokuInquiryCall extends DokuCall {
  paymentCode: string;
  /** A body of your own instead of the built one (object or exact bytes). */
  body?: object | string | Buffer;
}

export type DokuNotificationCall = DokuCall & NotificationBodyInput & { body?: object | string | Buffer };

function signedPost(app: unknown, call: DokuCall, body: object | string | Buffer): SupertestTest {
  const signed = signDokuRequest({ ...call, requestTarget: call.path.split("?")[0] as string, body });
  return loadSupertest()(app).post(call.path).set(signed.headers).send(signed.body);
}

/** A signed Direct Inquiry, ready to `expect` on: `await dokuInquiry(app, {...}).expect(200)`. */
export function dokuInquiry(app: unknown, call: DokuInquiryCall): SupertestTest {
  return signedPost(app, call, call.body ?? buildInquiryBody({ paymentCode: call.paymentCode }));
}

/** A signed payment notification, ready to `expect` on. */
export function dokuNotification(app: unknown, call: DokuNotificationCall): SupertestTest {
  return signedPost(app, call, call.body ?? buildNotificationBody(call));
}
