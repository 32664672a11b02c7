import { z } from "zod";

/**
 * What ConnectWise Manage 3.0 answers, as far as PSA Relay reads it (unknown keys are ignored;
 * optional ones are nullish because ConnectWise omits or nulls them depending on the record).
 */
const id = z.number().int();
const str = z.string().nullish();
const bool = z.boolean().nullish();
const num = z.number().nullish();

export const refSchema = z.object({ id, name: str, identifier: str });
export type CwRef = z.infer<typeof refSchema>;

export const companyInfoSchema = z
  .object({
    CompanyName: z.string(),
    Codebase: z.string().regex(/^[A-Za-z0-9_]+\/?$/, "Codebase must look like v4_6_release/"),
    VersionCode: str,
    VersionNumber: str,
    CompanyID: str,
    IsCloud: bool,
  })
  .nullable();
export type CwCompanyInfo = NonNullable<z.infer<typeof companyInfoSchema>>;

export const systemInfoSchema = z.object({ version: str, isCloud: bool, serverTimeZone: str, cloudRegion: str });

export const errorBodySchema = z.object({
  code: str,
  message: str,
  errors: z.array(z.object({ code: str, message: str, resource: str, field: str })).nullish(),
});

export const boardSchema = z.object({ id, name: z.string(), inactiveFlag: bool });

export const boardStatusSchema = z.object({
  id,
  name: z.string(),
  board: refSchema.nullish(),
  sortOrder: num,
  inactive: bool,
  closedStatus: bool,
  defaultFlag: bool,
});

export const boardTypeSchema = z.object({ id, name: z.string(), inactiveFlag: bool, defaultFlag: bool, board: refSchema.nullish() });

export const prioritySchema = z.object({ id, name: z.string(), sortOrder: num, defaultFlag: bool, level: str });

export const companySchema = z.object({
  id,
  identifier: str,
  name: z.string(),
  status: refSchema.nullish(),
  types: z.array(refSchema).nullish(),
  phoneNumber: str,
  website: str,
  deletedFlag: bool,
});
export type CwCompany = z.infer<typeof companySchema>;

export const agreementSchema = z.object({
  id,
  name: z.string(),
  type: refSchema.nullish(),
  company: refSchema,
  startDate: str,
  endDate: str,
  cancelledFlag: bool,
  agreementStatus: str,
  billingCycle: refSchema.nullish(),
  currency: z.object({ currencyCode: str }).nullish(),
});
export type CwAgreement = z.infer<typeof agreementSchema>;

export const additionSchema = z.object({
  id,
  product: z.object({ id, identifier: str }),
  quantity: num,
  lessIncluded: num,
  unitPrice: num,
  unitCost: num,
  effectiveDate: str,
  cancelledDate: str,
  invoiceDescription: str,
  description: str,
  agreementId: z.number().int().nullish(),
  agreementStatus: str,
});
export type CwAddition = z.infer<typeof additionSchema>;

export const catalogItemSchema = z.object({
  id,
  identifier: z.string(),
  description: str,
  customerDescription: str,
  inactiveFlag: bool,
  price: num,
  cost: num,
  recurringFlag: bool,
  recurringBillCycle: refSchema.nullish(),
});
export type CwCatalogItem = z.infer<typeof catalogItemSchema>;

/** FinanceCurrency: `currencyIdentifier` (required, e.g. "USD"), `name`, and the ISO code as `currencyCode.name`. */
export const financeCurrencySchema = z.object({
  id,
  currencyIdentifier: z.string(),
  name: str,
  currencyCode: z.object({ id: z.number().int().nullish(), name: str }).nullish(),
});
export type CwFinanceCurrency = z.infer<typeof financeCurrencySchema>;

export const ticketSchema = z.object({
  id,
  summary: z.string(),
  board: refSchema.nullish(),
  status: refSchema.nullish(),
  company: refSchema.nullish(),
  priority: refSchema.nullish(),
  owner: refSchema.nullish(),
  externalXRef: str,
  closedDate: str,
  closedFlag: bool,
  _info: z.record(z.string(), z.string().nullable()).nullish(),
});
export type CwTicket = z.infer<typeof ticketSchema>;

export const noteSchema = z.object({ id });

export const configurationTypeSchema = z.object({ id, name: z.string(), inactiveFlag: bool });

export const questionSchema = z.object({
  id,
  question: z.string(),
  fieldType: str,
  entryType: str,
  requiredFlag: bool,
  inactiveFlag: bool,
  sequenceNumber: num,
});
export type CwQuestion = z.infer<typeof questionSchema>;

export const questionValueSchema = z.object({ id, value: z.string(), inactiveFlag: bool, defaultFlag: bool });

export const configurationSchema = z.object({
  id,
  name: z.string(),
  type: refSchema,
  company: refSchema,
  serialNumber: str,
  deviceIdentifier: str,
  activeFlag: bool,
  installationDate: str,
  warrantyExpirationDate: str,
  questions: z.array(z.object({ questionId: z.number().int().nullish(), question: str, answer: z.unknown() })).nullish(),
});
export type CwConfiguration = z.infer<typeof configurationSchema>;

export const userDefinedFieldSchema = z.object({
  id,
  caption: z.string(),
  screenId: str,
  fieldTypeIdentifier: str,
  entryTypeIdentifier: str,
  requiredFlag: bool,
  options: z.array(z.object({ id, optionValue: z.string(), inactiveFlag: bool, defaultFlag: bool, sortOrder: num })).nullish(),
});
export type CwUserDefinedField = z.infer<typeof userDefinedFieldSchema>;
