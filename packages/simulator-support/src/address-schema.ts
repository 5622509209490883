import countries from "i18n-iso-countries";
import { z } from "zod";

const currencies = new Set(Intl.supportedValuesOf("currency"));

/** ISO 4217, upper case: what an ERP stores. */
export const currencyCode = z
  .string()
  .refine((c) => currencies.has(c), { message: "must be an ISO 4217 currency code in upper case, e.g. EUR" });

/** ISO 3166-1 alpha-2, upper case. */
export const countryCode = z.string().refine((c) => /^[A-Z]{2}$/.test(c) && countries.isValid(c), {
  message: "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. DE",
});

/** An amount in the currency's minor unit. */
export const minorUnits = z.number().int().nonnegative();

export const addressSchema = z.object({
  name: z.string().min(1),
  company: z.string().optional(),
  line1: z.string().min(1),
  line2: z.string().optional(),
  city: z.string().min(1),
  region: z.string().optional(),
  postalCode: z.string().optional(),
  country: countryCode,
  phone: z.string().optional(),
  email: z.string().optional(),
});

export type Address = z.infer<typeof addressSchema>;
