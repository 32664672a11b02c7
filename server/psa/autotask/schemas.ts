import { z } from "zod";

/**
 * zod schemas for what Autotask REST v1.0 answers (psa-api-facts A1–A7). Objects are loose
 * (Autotask adds fields over time) and optional fields are nullish; only what the connector
 * reads is declared. Ids are integers; picklist values in metadata are strings.
 */
const id = z.number().int();
const maybe = <T extends z.ZodTypeAny>(t: T) => t.nullish();
const text = maybe(z.string());
const int = maybe(z.number());
const bool = maybe(z.boolean());

export const zoneInfoSchema = z.looseObject({
  zoneName: text,
  url: z.string().min(1),
  webUrl: text,
  ci: int,
});
export type ZoneInfo = z.infer<typeof zoneInfoSchema>;

export const errorBodySchema = z.looseObject({ errors: z.array(z.unknown()).optional(), Message: z.string().optional(), message: z.string().optional() });

export const pageDetailsSchema = z.looseObject({
  count: int,
  requestCount: int,
  prevPageUrl: text,
  nextPageUrl: text,
});

export const queryResultSchema = <T extends z.ZodTypeAny>(item: T) =>
  z.looseObject({ items: z.array(item), pageDetails: pageDetailsSchema.nullish() });

export const getResultSchema = <T extends z.ZodTypeAny>(item: T) => z.looseObject({ item: item.nullable() });

export const itemIdSchema = z.looseObject({ itemId: z.number().int() });

export const countSchema = z.looseObject({ queryCount: z.number().int() });

export const thresholdSchema = z.looseObject({
  externalRequestThreshold: int,
  requestThresholdTimeframe: int,
  currentTimeframeRequestCount: int,
});

export const entityInformationSchema = z.looseObject({
  info: z.looseObject({
    name: text,
    canQuery: bool,
    userAccessForQuery: text,
    hasUserDefinedFields: bool,
  }),
});

export const picklistValueSchema = z.looseObject({
  value: z.union([z.string(), z.number()]).transform(String),
  label: z.string(),
  isDefaultValue: bool,
  sortOrder: int,
  parentValue: maybe(z.union([z.string(), z.number()]).transform(String)),
  isActive: bool,
});
export type AtPicklistValue = z.infer<typeof picklistValueSchema>;

export const fieldInfoSchema = z.looseObject({
  name: z.string(),
  dataType: text,
  isRequired: bool,
  isPickList: bool,
  picklistValues: maybe(z.array(picklistValueSchema)),
  picklistParentValueField: text,
});
export type AtFieldInfo = z.infer<typeof fieldInfoSchema>;

export const fieldsResultSchema = z.looseObject({ fields: z.array(fieldInfoSchema) });

export const udfInfoSchema = z.looseObject({
  name: z.string(),
  label: text,
  type: text,
  dataType: text,
  isRequired: bool,
  isPickList: bool,
  picklistValues: maybe(z.array(picklistValueSchema)),
});
export const udfFieldsResultSchema = z.looseObject({ fields: z.array(udfInfoSchema) });
export type AtUdfInfo = z.infer<typeof udfInfoSchema>;

export const udfValuesSchema = maybe(z.array(z.looseObject({ name: z.string(), value: maybe(z.union([z.string(), z.number()]).transform(String)) })));

export const companySchema = z.looseObject({
  id,
  companyName: text,
  companyNumber: text,
  companyType: int,
  isActive: bool,
  phone: text,
  webAddress: text,
});
export type AtCompany = z.infer<typeof companySchema>;

export const contractSchema = z.looseObject({
  id,
  companyID: int,
  contractName: text,
  contractNumber: text,
  contractType: int,
  contractPeriodType: int,
  status: int,
  startDate: text,
  endDate: text,
});
export type AtContract = z.infer<typeof contractSchema>;

export const serviceSchema = z.looseObject({
  id,
  name: text,
  description: text,
  unitPrice: int,
  unitCost: int,
  periodType: int,
  isActive: bool,
});
export type AtService = z.infer<typeof serviceSchema>;

export const contractServiceSchema = z.looseObject({
  id,
  contractID: int,
  serviceID: int,
  unitPrice: int,
  unitCost: int,
  invoiceDescription: text,
});
export type AtContractService = z.infer<typeof contractServiceSchema>;

export const contractServiceUnitSchema = z.looseObject({
  id,
  contractID: int,
  contractServiceID: int,
  serviceID: int,
  startDate: text,
  endDate: text,
  units: int,
});
export type AtContractServiceUnit = z.infer<typeof contractServiceUnitSchema>;

export const contractServiceBundleSchema = z.looseObject({
  id,
  contractID: int,
  serviceBundleID: int,
  unitPrice: int,
  invoiceDescription: text,
});
export type AtContractServiceBundle = z.infer<typeof contractServiceBundleSchema>;

export const serviceBundleServiceSchema = z.looseObject({ id, serviceBundleID: int, serviceID: int });
export type AtServiceBundleService = z.infer<typeof serviceBundleServiceSchema>;

export const contractServiceBundleUnitSchema = z.looseObject({
  id,
  contractID: int,
  contractServiceBundleID: int,
  startDate: text,
  endDate: text,
  units: int,
});
export type AtContractServiceBundleUnit = z.infer<typeof contractServiceBundleUnitSchema>;

export const currencySchema = z.looseObject({ id, name: text, description: text, isActive: bool, isInternalCurrency: bool });
export type AtCurrency = z.infer<typeof currencySchema>;

/** Only what the currency of a contract needs (IncludeFields). */
export const companyCurrencySchema = z.looseObject({ id, currencyID: int });

export const ticketSchema = z.looseObject({
  id,
  ticketNumber: text,
  title: text,
  companyID: int,
  queueID: int,
  status: int,
  priority: int,
  assignedResourceID: int,
  externalID: text,
  createDate: text,
  lastActivityDate: text,
  completedDate: text,
});
export type AtTicket = z.infer<typeof ticketSchema>;

export const ticketNoteSchema = z.looseObject({ id, ticketID: int, title: text, description: text, createDateTime: text });
export type AtTicketNote = z.infer<typeof ticketNoteSchema>;

export const configurationItemSchema = z.looseObject({
  id,
  companyID: int,
  configurationItemType: int,
  productID: int,
  referenceTitle: text,
  referenceNumber: text,
  serialNumber: text,
  isActive: bool,
  installDate: text,
  warrantyExpirationDate: text,
  userDefinedFields: udfValuesSchema,
});
export type AtConfigurationItem = z.infer<typeof configurationItemSchema>;

export const configurationItemTypeSchema = z.looseObject({ id, name: text, isActive: bool });
export type AtConfigurationItemType = z.infer<typeof configurationItemTypeSchema>;
