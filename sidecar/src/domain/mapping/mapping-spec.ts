import { z } from "zod";

/** Transforms a mapping may name; each is implemented in transforms.ts. */
export const transformNames = [
  "string",
  "trim",
  "upper",
  "lower",
  "money",
  "money-difference",
  "iso-datetime",
  "iso-date",
  "boolean",
  "currency",
  "country",
  "postal-code",
  "person-name",
  "address",
  "integer",
  "minor-units",
] as const;
export type TransformName = (typeof transformNames)[number];

const transform = z.union([
  z.enum(transformNames),
  /**
   * Status mapping: a lookup table from source value to target value; a missing key is a mapping error unless
   * `otherwise` is "keep". `at` looks up one property of an object value instead (an address's countryCode).
   */
  z
    .object({
      map: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      at: z.string().regex(/^\w+$/).optional(),
      otherwise: z.literal("keep").optional(),
    })
    .strict(),
]);
export type Transform = z.output<typeof transform>;
export type LookupTransform = Exclude<Transform, string>;

export type FieldRule =
  | { from: string | string[]; orElse?: string; transform?: Transform[]; optional?: boolean }
  | { const: string | number | boolean }
  | { object: Record<string, FieldRule> }
  | { each: string; as: string; fields: Record<string, FieldRule> };

const path = z.string().regex(/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/, "a path looks like order.billingAddress.city");

export const fieldRuleSchema: z.ZodType<FieldRule> = z.lazy(() =>
  z.union([
    z
      .object({
        from: z.union([path, z.array(path).min(1)]),
        orElse: path.optional(),
        transform: z.array(transform).optional(),
        optional: z.boolean().optional(),
      })
      .strict(),
    z.object({ const: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
    z.object({ object: z.record(z.string(), fieldRuleSchema) }).strict(),
    z.object({ each: path, as: z.string().regex(/^\w+$/), fields: z.record(z.string(), fieldRuleSchema) }).strict(),
  ]),
);

/** A named, versioned mapping: a change of meaning is a new version, kept beside the old one. */
export const mappingSpecSchema = z
  .object({
    name: z.string().min(1),
    version: z.number().int().positive(),
    fields: z.record(z.string(), fieldRuleSchema),
  })
  .strict();

export type MappingSpec = z.output<typeof mappingSpecSchema>;

export function parseMappingSpec(input: unknown): MappingSpec {
  const parsed = mappingSpecSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(`invalid mapping at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
}
