import { z } from "zod";
import fraudLogisticV1 from "./model/fraud-logistic-v1.json" with { type: "json" };
import { isModelFeatureName } from "./risk-features.js";

/**
 * A logistic model's weights file: which features it weighs and by how much, plus how it was trained (the
 * generator's seed and the metrics it reached), so a score can always name the model that made it and the
 * file can be reproduced. Files live in model/, versioned by name; RISK_MODEL_FILE may point at another.
 */
const finite = z.number().refine(Number.isFinite, "must be a finite number");
const rate = z.number().min(0).max(1);

export const riskModelFileSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes"),
    version: z.number().int().positive(),
    trainedAt: z.iso.datetime(),
    bias: finite,
    features: z
      .array(
        z
          .object({
            name: z
              .string()
              .refine(isModelFeatureName, { error: (issue) => `unknown feature "${String(issue.input)}"` }),
            weight: finite,
          })
          .strict(),
      )
      .min(1),
    training: z
      .object({
        generator: z.string().min(1),
        seed: z.number().int(),
        orders: z.number().int().positive(),
        fraudRate: rate,
        trainOrders: z.number().int().positive(),
        epochs: z.number().int().positive(),
        learningRate: z.number().positive(),
        l2: z.number().min(0),
        metrics: z.object({ logLoss: z.number().min(0), auc: rate, precision: rate, recall: rate }).strict(),
      })
      .strict(),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.features.forEach((feature, i) => {
      if (seen.has(feature.name))
        ctx.addIssue({ code: "custom", message: `feature "${feature.name}" is listed twice`, path: ["features", i] });
      seen.add(feature.name);
    });
  });

export type RiskModelFile = z.output<typeof riskModelFileSchema>;

/** A validated model, its weights keyed by feature name for scoring. */
export interface RiskModel {
  name: string;
  version: number;
  bias: number;
  weights: ReadonlyMap<string, number>;
  file: RiskModelFile;
}

/** Validates a weights file; the message names the file (`source`) and the path at fault. */
export function parseRiskModel(input: unknown, source: string): RiskModel {
  const parsed = riskModelFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid risk model ${source} at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const file = parsed.data;
  return {
    name: file.name,
    version: file.version,
    bias: file.bias,
    weights: new Map(file.features.map((f) => [f.name, f.weight])),
    file,
  };
}

/** The model shipped with the sidecar (npm run train:fraud writes it). */
export const defaultRiskModel: RiskModel = parseRiskModel(fraudLogisticV1, "model/fraud-logistic-v1.json");
