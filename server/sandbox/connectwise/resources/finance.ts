import { type FieldError, invalidField, invalidObject, requiredField } from "../http";
import {
  newInfo,
  optionalBool,
  optionalDate,
  optionalEnum,
  optionalNumber,
  optionalString,
  requireString,
  resolveRef,
  toRef,
  touchInfo,
} from "../records";
import type { ResourceDef } from "../resource";
import { cwNow, type Rec, type Tenant } from "../state";

/** Agreements with their additions, and the product catalog. */

export function agreementStatusOf(rec: Record<string, unknown>, now = Date.now()): string {
  if (rec.cancelledFlag === true) return "Cancelled";
  if (rec.noEndingDateFlag !== true && typeof rec.endDate === "string" && Date.parse(rec.endDate) < now) return "Expired";
  return "Active";
}

const AGREEMENT_FIELDS = [
  "id", "name", "type", "company", "contact", "customerPO", "startDate", "endDate", "noEndingDateFlag", "cancelledFlag",
  "dateCancelled", "reasonCancelled", "billingCycle", "billAmount", "currency", "periodType", "invoiceDescription",
  "agreementStatus", "_info", "customFields",
];

export const agreements: ResourceDef = {
  collection: "agreements",
  resource: "agreement",
  label: "Agreement",
  fields: AGREEMENT_FIELDS,
  arrayFields: ["customFields"],
  readOnly: ["agreementStatus"],
  verbs: ["GET", "POST", "PUT", "PATCH"],
  build: (tenant, body, ctx) => {
    const errors: FieldError[] = [];
    const name = requireString(body, "name", "agreement", errors, 100);
    let type: Rec | null = null;
    if (!body.type) errors.push(requiredField("agreement", "type"));
    else type = resolveRef(tenant, "agreementType", body.type, { resource: "agreement", field: "type", errors });
    let company: Rec | null = null;
    if (!body.company) errors.push(requiredField("agreement", "company"));
    else company = resolveRef(tenant, "company", body.company, { resource: "agreement", field: "company", errors });
    const cancelledFlag = optionalBool(body, "cancelledFlag", "agreement", errors, false);
    const startDate = optionalDate(body, "startDate", "agreement", errors);
    const endDate = optionalDate(body, "endDate", "agreement", errors);
    const noEndingDateFlag = optionalBool(body, "noEndingDateFlag", "agreement", errors, endDate === null);
    if (errors.length) throw invalidObject("agreement", errors);
    const rec = {
      ...Object.fromEntries(AGREEMENT_FIELDS.map((f) => [f, ctx.existing?.[f] ?? null])),
      id: ctx.id,
      name,
      type: type && toRef("agreementType", type),
      company: company && toRef("company", company),
      startDate,
      endDate,
      noEndingDateFlag,
      cancelledFlag,
      dateCancelled: cancelledFlag ? ((ctx.existing?.dateCancelled as string | null) ?? cwNow()) : null,
      _info: ctx.existing ? touchInfo(ctx.existing._info) : newInfo(),
      customFields: (ctx.existing?.customFields as unknown[]) ?? [],
    } as Rec;
    rec.agreementStatus = agreementStatusOf(rec);
    return rec;
  },
};

const ADDITION_FIELDS = [
  "id", "product", "quantity", "lessIncluded", "unitPrice", "unitCost", "billCustomer", "effectiveDate", "cancelledDate",
  "taxableFlag", "serialNumber", "invoiceDescription", "purchaseItemFlag", "specialOrderFlag", "agreementId", "description",
  "billedQuantity", "uom", "extPrice", "extCost", "sequenceNumber", "margin", "prorateCost", "proratePrice", "agreementStatus",
  "_info", "customFields",
];

function buildAddition(tenant: Tenant, body: Record<string, unknown>, ctx: { id: number; parentId: number | null; existing: Rec | null }): Rec {
  const agreement = tenant.data.agreements.get(ctx.parentId!)!;
  const errors: FieldError[] = [];
  if (agreementStatusOf(agreement) === "Cancelled") {
    errors.push(invalidField("addition", "agreement", "Additions cannot be added to or changed on a cancelled agreement."));
  }
  let product: Rec | null = null;
  if (!body.product) errors.push(requiredField("addition", "product"));
  else product = resolveRef(tenant, "product", body.product, { resource: "addition", field: "product", errors });
  if (product && product.inactiveFlag === true && !ctx.existing) {
    errors.push(invalidField("addition", "product", "The product is inactive."));
  }
  const billCustomer = optionalEnum(body, "billCustomer", ["Billable", "DoNotBill", "NoCharge"], "addition", errors);
  if (billCustomer === null && body.billCustomer === undefined) errors.push(requiredField("addition", "billCustomer"));
  const quantity = optionalNumber(body, "quantity", "addition", errors) ?? 0;
  if (quantity < 0) errors.push(invalidField("addition", "quantity", "The quantity cannot be negative."));
  const lessIncluded = optionalNumber(body, "lessIncluded", "addition", errors) ?? 0;
  const unitPrice = optionalNumber(body, "unitPrice", "addition", errors) ?? (product ? Number(product.price ?? 0) : 0);
  const unitCost = optionalNumber(body, "unitCost", "addition", errors) ?? (product ? Number(product.cost ?? 0) : 0);
  const effectiveDate = optionalDate(body, "effectiveDate", "addition", errors) ?? (ctx.existing ? null : (agreement.startDate as string | null));
  const cancelledDate = optionalDate(body, "cancelledDate", "addition", errors);
  if (effectiveDate && cancelledDate && Date.parse(cancelledDate) < Date.parse(effectiveDate)) {
    errors.push(invalidField("addition", "cancelledDate", "The cancelled date cannot be before the effective date."));
  }
  const invoiceDescription = optionalString(body, "invoiceDescription", "addition", errors, 6000);
  const serialNumber = optionalString(body, "serialNumber", "addition", errors, 50);
  const description = optionalString(body, "description", "addition", errors) ?? (product ? String(product.description ?? "") : null);
  if (errors.length) throw invalidObject("addition", errors);
  const billed = quantity - lessIncluded;
  const extPrice = Math.round(billed * unitPrice * 100) / 100;
  const extCost = Math.round(billed * unitCost * 100) / 100;
  return {
    ...Object.fromEntries(ADDITION_FIELDS.map((f) => [f, null])),
    id: ctx.id,
    product: product && { ...toRef("product", product), serializedFlag: false },
    quantity,
    lessIncluded,
    unitPrice,
    unitCost,
    billCustomer,
    effectiveDate,
    cancelledDate,
    taxableFlag: optionalBool(body, "taxableFlag", "addition", [], false),
    serialNumber,
    invoiceDescription,
    purchaseItemFlag: false,
    specialOrderFlag: false,
    agreementId: agreement.id,
    description,
    billedQuantity: billed,
    uom: optionalString(body, "uom", "addition", []) ?? (product ? ((product.unitOfMeasure as { name?: string } | null)?.name ?? "Each") : "Each"),
    extPrice,
    extCost,
    sequenceNumber: optionalNumber(body, "sequenceNumber", "addition", []) ?? ctx.id,
    margin: Math.round((extPrice - extCost) * 100) / 100,
    prorateCost: null,
    proratePrice: null,
    agreementStatus: agreementStatusOf(agreement),
    _info: ctx.existing ? touchInfo(ctx.existing._info) : newInfo(),
    customFields: (ctx.existing?.customFields as unknown[]) ?? [],
  } as Rec;
}

export const additions: ResourceDef = {
  collection: "additions",
  resource: "addition",
  label: "Addition",
  fields: ADDITION_FIELDS,
  arrayFields: ["customFields"],
  readOnly: ["agreementId", "billedQuantity", "extPrice", "extCost", "margin", "agreementStatus"],
  verbs: ["GET", "POST", "PUT", "PATCH", "DELETE"],
  parent: { collection: "agreements", label: "Agreement", of: (r) => r.agreementId as number },
  build: (tenant, body, ctx) => buildAddition(tenant, body, ctx),
  view: (tenant, rec) => {
    // The agreement's status is read live, so cancelling an agreement shows on its additions.
    const agreement = tenant.data.agreements.get(rec.agreementId as number);
    return agreement ? { ...rec, agreementStatus: agreementStatusOf(agreement) } : rec;
  },
};

export const catalog: ResourceDef = {
  collection: "catalog",
  resource: "catalogItem",
  label: "CatalogItem",
  fields: [
    "id", "identifier", "description", "inactiveFlag", "subcategory", "type", "productClass", "serializedFlag", "unitOfMeasure",
    "price", "cost", "taxableFlag", "customerDescription", "manufacturer", "integrationXRef", "recurringFlag", "recurringRevenue",
    "recurringCost", "recurringBillCycle", "category", "billableOption", "_info", "customFields",
  ],
  arrayFields: ["customFields"],
  verbs: ["GET"],
};


/** Finance > Currencies (FinanceCurrency). Read-only here: PSA Relay only offers them for billing. */
export const currencies: ResourceDef = {
  collection: "currencies",
  resource: "currency",
  label: "Currency",
  fields: [
    "id", "currencyIdentifier", "name", "symbol", "displayIdFlag", "displaySymbolFlag", "currencyCode", "thousandsSeparator", "decimalSeparator",
    "negativeParenthesesFlag", "rightAlign", "numberOfDecimals", "reportFormat", "_info",
  ],
  verbs: ["GET"],
};
