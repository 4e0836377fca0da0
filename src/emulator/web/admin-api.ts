import type { IncomingMessage, ServerResponse } from "node:http";

import { z } from "zod";

import { readRawBody } from "../../http/read-raw-body";
import { amountSchema, formatZodIssues, paymentCodeSchema } from "../../protocol";
import type { DokuEmulator } from "../emulator-types";
import { faultSchema } from "../faults";
import { UNDOCUMENTED_CASES } from "../undocumented-answers";
import { sendJson } from "./http-io";

const ADMIN_BODY_LIMIT = 16 * 1024;

// Unknown fields are ignored, so that an order's JSON (payment_code, amount, …) can be piped in.
const tillSchema = z.object({
  payment_code: paymentCodeSchema,
  amount: amountSchema.optional(),
  client_id: z.string().min(1).optional(),
  agent_id: z.string().min(1).max(32).optional(),
  agent_store_id: z.string().min(1).max(64).optional(),
  status: z.enum(["SUCCESS", "FAILED"]).optional(),
  notify: z.boolean().optional(),
});
const codeSchema = z.strictObject({ payment_code: paymentCodeSchema });
const clockSchema = z.strictObject({
  advance_ms: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 86_400_000),
});
const answerSchema = z.strictObject({
  case: z.enum(UNDOCUMENTED_CASES as [string, ...string[]]),
  status: z.number().int().min(400).max(599),
  code: z.string().min(1).max(128),
  message: z.string().max(512),
});

const bad = (res: ServerResponse, message: string) =>
  sendJson(res, 400, { error: { code: "invalid_admin_request", message } });

async function jsonBody<S extends z.ZodType>(
  req: IncomingMessage,
  res: ServerResponse,
  schema: S,
  bodyTimeoutMs: number,
): Promise<z.output<S> | undefined> {
  const read = await readRawBody(req, req.headers["content-length"], ADMIN_BODY_LIMIT, bodyTimeoutMs);
  if (!read.ok) {
    sendJson(res, read.reason === "body_too_large" ? 413 : 400, { error: { code: read.reason, message: read.detail } });
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(read.body.toString("utf8"));
  } catch {
    bad(res, "the body is not JSON");
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  bad(res, formatZodIssues(parsed.error));
  return undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** The admin API under /_emulator/: JSON in, JSON out, the same operations as the handle's methods. */
export function adminRoutes(emulator: DokuEmulator, bodyTimeoutMs: number): Record<string, Handler> {
  const withBody =
    <S extends z.ZodType>(schema: S, act: (input: z.output<S>) => unknown): Handler =>
    async (req, res) => {
      const input = await jsonBody(req, res, schema, bodyTimeoutMs);
      if (input !== undefined) sendJson(res, 200, await act(input));
    };
  return {
    "GET /_emulator/setup": (_req, res) => sendJson(res, 200, emulator.setup()),
    "GET /_emulator/codes": (_req, res) => sendJson(res, 200, emulator.codes()),
    "POST /_emulator/inquire": withBody(tillSchema, (input) => emulator.inquire(input)),
    "POST /_emulator/pay": withBody(tillSchema, (input) => emulator.pay(input)),
    "POST /_emulator/expire": async (req, res) => {
      const input = await jsonBody(req, res, codeSchema, bodyTimeoutMs);
      if (input === undefined) return;
      const expired = emulator.expire(input.payment_code);
      sendJson(
        res,
        expired ? 200 : 404,
        expired
          ? { payment_code: input.payment_code, state: "expired" }
          : { error: { code: "payment_code_not_found", message: "the emulator holds no such DGPC or MGPC code" } },
      );
    },
    "GET /_emulator/clock": (_req, res) => sendJson(res, 200, { now: new Date(emulator.now()).toISOString() }),
    "POST /_emulator/clock": withBody(clockSchema, async (input) => {
      const ran = await emulator.advanceClock(input.advance_ms);
      return { now: new Date(emulator.now()).toISOString(), notifications_attempted: ran };
    }),
    "GET /_emulator/calls": (_req, res) => sendJson(res, 200, emulator.calls()),
    "GET /_emulator/notifications": (_req, res) => sendJson(res, 200, emulator.notifications()),
    "GET /_emulator/faults": (_req, res) => sendJson(res, 200, { faults: emulator.faults() }),
    "POST /_emulator/faults": withBody(faultSchema, (fault) => {
      emulator.addFault(fault);
      return { faults: emulator.faults() };
    }),
    "DELETE /_emulator/faults": (_req, res) => {
      emulator.clearFaults();
      sendJson(res, 200, { faults: [] });
    },
    "GET /_emulator/answers": (_req, res) => sendJson(res, 200, { answers: emulator.answers() }),
    "POST /_emulator/answers": withBody(answerSchema, (input) => {
      emulator.setAnswer(input.case as Parameters<DokuEmulator["setAnswer"]>[0], {
        status: input.status,
        code: input.code,
        message: input.message,
      });
      return { answers: emulator.answers() };
    }),
    "POST /_emulator/reset": (_req, res) => {
      emulator.reset();
      sendJson(res, 200, { reset: true });
    },
  };
}
