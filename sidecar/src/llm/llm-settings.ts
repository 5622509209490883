import { z } from "zod";

/**
 * The optional language model (README "AI assistance (optional)"). Unset LLM_BASE_URL means no model at all:
 * every decision and narrative is deterministic. The key is not a setting: it lives in the vault
 * (`sidecar secret set llm_api_key --scope openai`), and a local Ollama needs none.
 */
export const llmSettings = {
  /** Any OpenAI-compatible endpoint: https://api.openai.com/v1, an Azure resource, http://127.0.0.1:11434/v1. */
  LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The model (an Azure deployment's name for Azure); required with LLM_BASE_URL. */
  LLM_MODEL: z.string().min(1).optional(),
  /** One answer's whole budget, retries included; past it the rules decide alone. */
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
};
