import { z } from "zod";

import { ALFA_ENVELOPE } from "./alfa-envelope";
import { PAYMENT_CODE_MAX_DIGITS } from "./field-limits";
import { PAYMENT_CODE_FORMAT } from "./payment-code";

const idOf = <T extends string>(id: T) => z.looseObject({ id: z.literal(id) });

/** A payment code after the lossless reader: always a string of 1 to 20 digits. */
export const paymentCodeSchema = z
  .string()
  .regex(PAYMENT_CODE_FORMAT, `must be 1 to ${PAYMENT_CODE_MAX_DIGITS} digits`);

/**
 * DOKU's Direct Inquiry request for Alfa Group. Unknown fields are kept, never rejected.
 * Compiled (`z.compile`): the same results and issues, without the per-node objects the
 * interpreted parse allocates on every request.
 */
export const inquiryRequestSchema = z.compile(
  z.looseObject({
    service: idOf(ALFA_ENVELOPE.service.id),
    acquirer: idOf(ALFA_ENVELOPE.acquirer.id),
    channel: idOf(ALFA_ENVELOPE.channel.id),
    online_to_offline_info: z.looseObject({ payment_code: paymentCodeSchema }),
    online_to_offline_inquiry: z
      .looseObject({
        date: z.string().optional(),
        /** Acquirer references; passed to the resolver untouched. */
        identifier: z.array(z.unknown()).optional(),
      })
      .optional(),
  }),
);

export type InquiryRequest = z.output<typeof inquiryRequestSchema>;
