import { type Config, ConfigError } from "../config.js";
import type { Vault } from "../vault/vault.js";
import { OpenAiStructuredModel } from "./openai-structured-model.js";
import type { StructuredModel } from "./structured-model.js";

/** The vault slot of the model's key (`sidecar secret set llm_api_key --scope openai`). */
export const LLM_KEY_SCOPE = "openai";

/**
 * The configured model, or null when LLM_BASE_URL is unset: then nothing is ever asked and every caller takes its
 * deterministic path. The key is read from the vault on every call, so a rotation needs no restart.
 */
export function structuredModelFrom(
  config: Pick<Config, "LLM_BASE_URL" | "LLM_MODEL" | "LLM_TIMEOUT_MS">,
  vault: Pick<Vault, "current">,
): StructuredModel | null {
  if (!config.LLM_BASE_URL) return null;
  if (!config.LLM_MODEL) throw new ConfigError("invalid setting LLM_MODEL: required when LLM_BASE_URL is set");
  return new OpenAiStructuredModel({
    baseUrl: config.LLM_BASE_URL,
    model: config.LLM_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    apiKey: () => vault.current("llm_api_key", LLM_KEY_SCOPE),
  });
}
