import { z } from "zod";

/** The postal address the ERP (bill/ship to) and the WMS (ship to) connectors send alike. */
export const postalAddressSchema = z.object({
  name: z.string(),
  company: z.string().optional(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
  postalCode: z.string().optional(),
  /** ISO 3166-1 alpha-2. */
  country: z.string(),
  phone: z.string().optional(),
  email: z.string().optional(),
});
