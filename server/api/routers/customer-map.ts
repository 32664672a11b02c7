import { importCompany, importUnmappedBatch } from "~/server/services/customer-map/import";
import {
  acceptInputSchema,
  companyIdSchema,
  contractIdSchema,
  customerIdSchema,
  importAllInputSchema,
  listInputSchema,
  mapInputSchema,
  searchCompaniesSchema,
  suggestionsInputSchema,
} from "~/server/services/customer-map/schemas";
import {
  acceptSuggestions,
  contractServicesOf,
  contractsOfCompany,
  customerMapStatus,
  getCustomerMapEntry,
  listCustomerMapPage,
  mapCustomer,
  searchCompanies,
  suggestMappings,
  unmapCustomer,
} from "~/server/services/customer-map/service";

import { adminProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

const ctxOf = (ctx: { partner: { id: string }; user: { id: string } }) => ({ partnerId: ctx.partner.id, userId: ctx.user.id });

/** Customer Map: vendor customers ↔ PSA companies / contracts. Everyone reads; admins change. */
export const customerMapRouter = createTRPCRouter({
  /** Which PSA is connected (null: none) and whether the user may change mappings. */
  status: partnerProcedure.query(async ({ ctx }) => ({
    ...(await customerMapStatus(ctx.db, ctx.partner.id)),
    canEdit: ctx.user.role === "admin",
  })),
  list: partnerProcedure.input(listInputSchema).query(({ ctx, input }) => listCustomerMapPage(ctx.db, ctx.partner.id, input)),
  get: partnerProcedure.input(customerIdSchema).query(({ ctx, input }) => getCustomerMapEntry(ctx.db, ctx.partner.id, input.customerId)),
  suggestions: partnerProcedure.input(suggestionsInputSchema).query(({ ctx, input }) => suggestMappings(ctx.db, ctx.partner.id, input)),

  /** PSA lists for the row editor: companies as you type (or an id), contracts, contract services. */
  searchCompanies: partnerProcedure.input(searchCompaniesSchema).query(({ ctx, input }) => searchCompanies(ctx.db, ctx.partner.id, input)),
  contracts: partnerProcedure.input(companyIdSchema).query(({ ctx, input }) => contractsOfCompany(ctx.db, ctx.partner.id, input.companyId)),
  contractServices: partnerProcedure.input(contractIdSchema).query(({ ctx, input }) => contractServicesOf(ctx.db, ctx.partner.id, input.contractId)),

  map: adminProcedure.input(mapInputSchema).mutation(({ ctx, input }) => mapCustomer(ctx.db, ctxOf(ctx), input)),
  unmap: adminProcedure.input(customerIdSchema).mutation(({ ctx, input }) => unmapCustomer(ctx.db, ctxOf(ctx), input)),
  acceptSuggestions: adminProcedure.input(acceptInputSchema).mutation(({ ctx, input }) => acceptSuggestions(ctx.db, ctxOf(ctx), input)),
  importCompany: adminProcedure.input(companyIdSchema).mutation(({ ctx, input }) => importCompany(ctx.db, ctxOf(ctx), input)),
  /** One chunk of "import all unmapped PSA companies"; the page repeats it until nothing remains. */
  importUnmapped: adminProcedure.input(importAllInputSchema).mutation(({ ctx, input }) => importUnmappedBatch(ctx.db, ctxOf(ctx), input)),
});
