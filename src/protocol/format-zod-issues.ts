import type { z } from "zod";

/**
 * A schema's refusal as `path: message` pairs joined by "; ", for an error or an event detail.
 * `max` keeps the first few; `root` names an issue about the whole value.
 */
export function formatZodIssues(
  error: z.ZodError,
  { max = Infinity, root = "(body)" }: { max?: number; root?: string } = {},
): string {
  return error.issues
    .slice(0, max)
    .map((issue) => `${issue.path.join(".") || root}: ${issue.message}`)
    .join("; ");
}
