import type { z } from "zod";

import {
  CHECK_STATUS_PATH,
  type CreatePaymentCodeRequest,
  createPaymentCodeSchema,
  DGPC_PATH,
  formatZodIssues,
  INDOMARET_PATH,
  isRecord,
  MGPC_PATH,
  type RegisterPaymentCodeRequest,
  registerPaymentCodeSchema,
  type UpdatePaymentCodeRequest,
  updatePaymentCodeSchema,
} from "../protocol";
import { REQUEST_ID_MAX_LENGTH } from "../signature/request-id";
import { callError, type CallTarget, refusedBeforeSending } from "./call-error";
import type { ClientOperation } from "./client-events";
import { type ClientSettings, type DokuClientOptions, resolveClientOptions } from "./client-options";
import { type PaymentCodeResult, paymentCodeResult, type PaymentStatusResult, statusResult } from "./results";
import { type CallOptions, type PreparedCall, sendCall } from "./send-call";

/** An update: the PATCH body without `status` (the client sends `ACTIVE`). */
export type UpdatePaymentCodeInput = Omit<UpdatePaymentCodeRequest, "online_to_offline_info"> & {
  online_to_offline_info: Omit<UpdatePaymentCodeRequest["online_to_offline_info"], "status"> & { status?: "ACTIVE" };
};

/** A cancel names the code and its invoice; the client sends `status: "DELETE"`. */
export interface CancelPaymentCodeInput {
  order: { invoice_number: string; amount?: number };
  online_to_offline_info: { payment_code: string };
}

export interface DokuClient {
  /** DGPC: DOKU generates a payment code for the invoice. */
  createPaymentCode(body: CreatePaymentCodeRequest, options?: CallOptions): Promise<PaymentCodeResult>;
  /**
   * Indomaret: DOKU generates a payment code for the invoice, from the same body as Alfa's DGPC.
   * Indomaret has no register, update or cancel; getStatus answers for its codes too.
   */
  createIndomaretPaymentCode(body: CreatePaymentCodeRequest, options?: CallOptions): Promise<PaymentCodeResult>;
  /** MGPC: registers the merchant's own code. */
  registerPaymentCode(body: RegisterPaymentCodeRequest, options?: CallOptions): Promise<PaymentCodeResult>;
  /** Changes amount, expiry, info or customer of an active code. */
  updatePaymentCode(body: UpdatePaymentCodeInput, options?: CallOptions): Promise<PaymentCodeResult>;
  /** Cancels an active code. */
  cancelPaymentCode(body: CancelPaymentCodeInput, options?: CallOptions): Promise<PaymentCodeResult>;
  /** Check Status, by invoice number or the Request-Id of the call that made the code. */
  getStatus(invoiceNumberOrRequestId: string, options?: CallOptions): Promise<PaymentStatusResult>;
}

/** DOKU's limits, checked before anything is sent: the error names the field. */
function checked<S extends z.ZodType>(
  schema: S,
  body: unknown,
  target: CallTarget,
  requestId: string | undefined,
): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw refusedBeforeSending(target, formatZodIssues(parsed.error, { max: 1 }), requestId);
}

/** `info` and `info1` are one text under two names (docs/doku-api.md#info-and-info1). */
function withTillInfo<T>(body: T, settings: ClientSettings, target: CallTarget, requestId: string | undefined): T {
  const info = isRecord(body) && isRecord(body.online_to_offline_info) ? body.online_to_offline_info : undefined;
  if (info === undefined) return body;
  if (info.info1 !== undefined && info.info1 !== info.info)
    throw refusedBeforeSending(
      target,
      "online_to_offline_info.info1 differs from info: DOKU would show one of two texts",
      requestId,
    );
  if (!settings.emitInfo1 || info.info === undefined || info.info1 !== undefined) return body;
  return { ...body, online_to_offline_info: { ...info, info1: info.info } };
}

/** The calls a merchant makes to DOKU for Alfa and Indomaret payment codes. No global state: one client, its own settings. */
export function createDokuClient(options: DokuClientOptions): DokuClient {
  const settings = resolveClientOptions(options);
  const at = (method: string, path: string): CallTarget => ({ method, url: settings.baseUrl + path });

  function mutate(
    operation: ClientOperation,
    path: string,
    method: "POST" | "PATCH",
    body: { order: { invoice_number: string } },
    callOptions: CallOptions | undefined,
  ): Promise<PaymentCodeResult> {
    const call: PreparedCall = {
      operation,
      method,
      path,
      body: Buffer.from(JSON.stringify(body), "utf8"),
      mutating: true,
      invoiceNumber: body.order.invoice_number,
    };
    return sendCall(settings, call, callOptions ?? {}, (answered) => {
      const result = paymentCodeResult(answered);
      if (result !== undefined) return result;
      throw callError(
        at(method, path),
        "unknown_outcome",
        `answered ${answered.status} without online_to_offline_info.payment_code, not DOKU's answer: check baseUrl`,
        {
          status: answered.status,
          requestId: answered.requestId,
          invoiceNumber: body.order.invoice_number,
          rawBody: JSON.stringify(answered.json),
          attempts: answered.attempts,
        },
      );
    });
  }

  /** A create, register or update body: `info1` settled, then checked against DOKU's limits. */
  function prepared<S extends z.ZodType>(
    schema: S,
    body: unknown,
    method: string,
    path: string,
    callOptions: CallOptions | undefined,
  ): z.output<S> {
    const target = at(method, path);
    return checked(
      schema,
      withTillInfo(body, settings, target, callOptions?.requestId),
      target,
      callOptions?.requestId,
    );
  }

  return {
    createPaymentCode: async (body, callOptions) =>
      mutate(
        "createPaymentCode",
        DGPC_PATH,
        "POST",
        prepared(createPaymentCodeSchema, body, "POST", DGPC_PATH, callOptions),
        callOptions,
      ),
    createIndomaretPaymentCode: async (body, callOptions) =>
      mutate(
        "createIndomaretPaymentCode",
        INDOMARET_PATH,
        "POST",
        prepared(createPaymentCodeSchema, body, "POST", INDOMARET_PATH, callOptions),
        callOptions,
      ),
    registerPaymentCode: async (body, callOptions) =>
      mutate(
        "registerPaymentCode",
        MGPC_PATH,
        "POST",
        prepared(registerPaymentCodeSchema, body, "POST", MGPC_PATH, callOptions),
        callOptions,
      ),
    updatePaymentCode: async (body, callOptions) => {
      const patch = { ...body, online_to_offline_info: { ...body.online_to_offline_info, status: "ACTIVE" } };
      if (body.online_to_offline_info?.status !== undefined && body.online_to_offline_info.status !== "ACTIVE") {
        throw refusedBeforeSending(
          at("PATCH", DGPC_PATH),
          "online_to_offline_info.status: an update sends ACTIVE; use cancelPaymentCode to cancel",
          callOptions?.requestId,
        );
      }
      return mutate(
        "updatePaymentCode",
        DGPC_PATH,
        "PATCH",
        prepared(updatePaymentCodeSchema, patch, "PATCH", DGPC_PATH, callOptions),
        callOptions,
      );
    },
    cancelPaymentCode: async (body, callOptions) => {
      const patch = {
        order: body?.order,
        online_to_offline_info: { payment_code: body?.online_to_offline_info?.payment_code, status: "DELETE" },
      };
      return mutate(
        "cancelPaymentCode",
        DGPC_PATH,
        "PATCH",
        checked(updatePaymentCodeSchema, patch, at("PATCH", DGPC_PATH), callOptions?.requestId),
        callOptions,
      );
    },
    getStatus: async (identifier, callOptions) => {
      if (typeof identifier !== "string" || identifier === "" || identifier.length > REQUEST_ID_MAX_LENGTH) {
        throw refusedBeforeSending(
          at("GET", CHECK_STATUS_PATH),
          `getStatus takes an invoice number or a Request-Id (1 to ${REQUEST_ID_MAX_LENGTH} characters)`,
          callOptions?.requestId,
        );
      }
      const path = CHECK_STATUS_PATH + encodeURIComponent(identifier);
      const call: PreparedCall = {
        operation: "getStatus",
        method: "GET",
        path,
        body: undefined,
        mutating: false,
        invoiceNumber: undefined,
      };
      return sendCall(settings, call, callOptions ?? {}, (answered) => {
        const result = statusResult(answered);
        if (result !== undefined) return result;
        throw callError(
          at("GET", path),
          "not_doku",
          `answered ${answered.status} without transaction.status and order`,
          {
            status: answered.status,
            requestId: answered.requestId,
            rawBody: JSON.stringify(answered.json),
            attempts: answered.attempts,
          },
        );
      });
    },
  };
}
