import { z } from "zod";

const psaId = (field: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${field}.`)
    .max(20, `The ${field} is too long.`)
    .regex(/^\d+$/, `The ${field} is a number.`);

export const listInputSchema = z.object({
  onlyUnmapped: z.boolean().default(false),
  /** Unmapped, or mapped without a contract / agreement. */
  onlyProblems: z.boolean().default(false),
  search: z.string().trim().max(200).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

export const customerIdSchema = z.object({ customerId: z.uuid("Choose a customer.") });

export const mapInputSchema = z.object({
  customerId: z.uuid("Choose a customer."),
  companyId: psaId("company id"),
  contractId: psaId("contract id").nullish(),
  contractServiceId: psaId("contract service id").nullish(),
});
export type MapInput = z.infer<typeof mapInputSchema>;

export const searchCompaniesSchema = z.object({
  search: z.string().trim().max(100).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  /** Import: leave out companies a customer is already mapped to. */
  excludeMapped: z.boolean().default(false),
});
export const companyIdSchema = z.object({ companyId: psaId("company id") });
export const contractIdSchema = z.object({ contractId: psaId("contract id") });

export const suggestionsInputSchema = z.object({ customerIds: z.array(z.uuid()).max(1000).optional() });

export const acceptInputSchema = z.object({
  items: z
    .array(z.object({ customerId: z.uuid("Choose a customer."), companyId: psaId("company id") }))
    .min(1, "Choose at least one suggestion.")
    .max(1000),
});

export const importAllInputSchema = z.object({ batchSize: z.number().int().min(1).max(100).default(25) });
