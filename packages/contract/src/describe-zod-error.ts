import type { z } from "zod";

/** "order.items.0.unitPriceInclTax: must be a decimal string ..." for each issue, so a reader sees which field. */
export function describeZodError(error: z.ZodError, prefix = ""): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
      return `${path || "(root)"}: ${issue.message}`;
    })
    .join("; ");
}
