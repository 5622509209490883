import type Stripe from "stripe";
import { afterAll, beforeAll } from "vitest";
import type { StripeEmulatorOptions } from "../index.js";
import { type EmulatorKit, startKit } from "../test-kit.js";

/**
 * One emulator per test file: started in beforeAll, closed in afterAll. The returned kit
 * reads through to the started one, so use it only inside tests and hooks.
 */
export function useEmulatorKit(options?: StripeEmulatorOptions): EmulatorKit {
  let started: EmulatorKit | undefined;
  beforeAll(async () => {
    started = await startKit(options);
  });
  afterAll(() => started?.close());
  const current = (): EmulatorKit => {
    if (!started) throw new Error("the emulator kit is used before beforeAll started it");
    return started;
  };
  return {
    get emulator() {
      return current().emulator;
    },
    get stripe() {
      return current().stripe;
    },
    control<T>(path: string, body?: Record<string, unknown>, method?: string) {
      return current().control<T>(path, body, method);
    },
    close: () => current().close(),
  };
}

/** Awaits a request that must fail and returns Stripe's error for the assertions. */
export async function failure(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error("expected the request to fail");
}
