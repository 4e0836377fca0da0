import { z } from "zod";

/** `PERCENTAGE` is on DOKU's split-settlement page; DOKU's Alfa PrestaShop plugin also sends `FIX`. */
export const SETTLEMENT_TYPES = ["PERCENTAGE", "FIX"] as const;
export type SettlementType = (typeof SETTLEMENT_TYPES)[number];

// A float sum of percentages such as 33.3 + 33.3 + 33.4 may land a hair above 100.
const PERCENT_SLACK = 1e-9;

const settlementEntrySchema = z
  .looseObject({
    /** A settlement bank account DOKU has verified for the merchant. */
    bank_account_settlement_id: z.string().min(1),
    /** A percentage of the net settlement amount (after fees), or a fixed amount with `FIX`. */
    value: z.number().positive(),
    type: z.enum(SETTLEMENT_TYPES),
  })
  .check((ctx) => {
    if (ctx.value.type === "PERCENTAGE" && ctx.value.value > 100)
      ctx.issues.push({
        code: "custom",
        input: ctx.value.value,
        path: ["value"],
        message: `a percentage of ${ctx.value.value} is above 100`,
      });
  });

/**
 * Split settlement: where the funds of the payment go. Whether DOKU wants the percentages to add
 * up to exactly 100, or lets `FIX` and `PERCENTAGE` mix, is unknown: only a sum above 100 is refused.
 */
export const settlementSchema = z.array(settlementEntrySchema).check((ctx) => {
  const percent = ctx.value.reduce((sum, entry) => (entry.type === "PERCENTAGE" ? sum + entry.value : sum), 0);
  if (percent > 100 + PERCENT_SLACK)
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      message: `the percentages add up to ${percent}, above 100`,
    });
});

/** The sub-account the payment is credited to, as DOKU's PrestaShop plugin sends it. */
export const subAccountSchema = z.looseObject({ id: z.string().min(1) });

export type SettlementEntry = z.input<typeof settlementEntrySchema>;
