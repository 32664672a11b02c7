import { type FieldError, invalidField, invalidObject, requiredField } from "../http";
import { newInfo, refId, optionalBool, optionalDate, optionalString, requireString, resolveRef, toRef, touchInfo } from "../records";
import type { ResourceDef } from "../resource";
import type { Rec, Tenant } from "../state";

/** Companies, company types, configurations (CIs) with their types, questions and answers. */

const COMPANY_FIELDS = [
  "id", "identifier", "name", "status", "types", "phoneNumber", "faxNumber", "website", "addressLine1", "addressLine2", "city",
  "state", "zip", "country", "territory", "currency", "deletedFlag", "dateDeleted", "deletedBy", "isVendorFlag", "leadFlag",
  "accountNumber", "_info", "customFields",
];

export const companies: ResourceDef = {
  collection: "companies",
  resource: "company",
  label: "Company",
  fields: COMPANY_FIELDS,
  arrayFields: ["types", "customFields"],
  readOnly: ["deletedFlag", "dateDeleted", "deletedBy"],
  verbs: ["GET", "POST", "PUT", "PATCH"],
  build: (tenant, body, ctx) => {
    const errors: FieldError[] = [];
    const identifier = requireString(body, "identifier", "company", errors, 25);
    const name = requireString(body, "name", "company", errors, 50);
    if (identifier) {
      for (const other of tenant.data.companies.values()) {
        if (other.id !== ctx.id && String(other.identifier).toLowerCase() === identifier.toLowerCase()) {
          errors.push(invalidField("company", "identifier", "The identifier is already in use by another company."));
        }
      }
    }
    const status = resolveRef(tenant, "companyStatus", body.status ?? { name: "Active" }, { resource: "company", field: "status", errors });
    const rawTypes = Array.isArray(body.types) ? body.types : [];
    const types = rawTypes
      .map((t, i) => resolveRef(tenant, "companyType", t, { resource: "company", field: `types[${i}]`, errors }))
      .filter((t): t is Rec => t !== null);
    const website = optionalString(body, "website", "company", errors, 255);
    const phoneNumber = optionalString(body, "phoneNumber", "company", errors, 30);
    if (errors.length) throw invalidObject("company", errors);
    return {
      ...Object.fromEntries(COMPANY_FIELDS.map((f) => [f, ctx.existing?.[f] ?? null])),
      id: ctx.id,
      identifier,
      name,
      status: status && toRef("companyStatus", status),
      types: types.map((t) => toRef("companyType", t)),
      phoneNumber,
      website,
      addressLine1: optionalString(body, "addressLine1", "company", []),
      city: optionalString(body, "city", "company", []),
      state: optionalString(body, "state", "company", []),
      zip: optionalString(body, "zip", "company", []),
      deletedFlag: ctx.existing?.deletedFlag ?? false,
      isVendorFlag: types.some((t) => t.vendorFlag === true),
      _info: ctx.existing ? touchInfo(ctx.existing._info) : newInfo(),
      customFields: (ctx.existing?.customFields as unknown[]) ?? [],
    } as Rec;
  },
};

export const companyTypes: ResourceDef = {
  collection: "companyTypes",
  resource: "companyType",
  label: "CompanyType",
  fields: ["id", "name", "defaultFlag", "vendorFlag", "serviceAlertFlag", "_info"],
  verbs: ["GET"],
};

export const configurationTypes: ResourceDef = {
  collection: "configurationTypes",
  resource: "configurationType",
  label: "ConfigurationType",
  fields: ["id", "name", "inactiveFlag", "systemFlag", "_info"],
  verbs: ["GET"],
};

export const configurationStatuses: ResourceDef = {
  collection: "configurationStatuses",
  resource: "configurationStatus",
  label: "ConfigurationStatus",
  fields: ["id", "description", "closedFlag", "defaultFlag", "_info"],
  verbs: ["GET"],
};

export const configurationQuestions: ResourceDef = {
  collection: "configurationQuestions",
  resource: "configurationTypeQuestion",
  label: "ConfigurationTypeQuestion",
  fields: ["id", "configurationType", "fieldType", "entryType", "sequenceNumber", "question", "numberOfDecimals", "requiredFlag", "inactiveFlag", "_info"],
  verbs: ["GET"],
  parent: { collection: "configurationTypes", label: "ConfigurationType", of: (r) => refId(r.configurationType) },
};

export const configurationQuestionValues: ResourceDef = {
  collection: "configurationQuestionValues",
  resource: "configurationTypeQuestionValue",
  label: "ConfigurationTypeQuestionValue",
  fields: ["id", "configurationType", "question", "value", "defaultFlag", "inactiveFlag", "_info"],
  verbs: ["GET"],
  parent: { collection: "configurationQuestions", label: "ConfigurationTypeQuestion", of: (r) => refId(r.question) },
};

const CONFIG_FIELDS = [
  "id", "name", "type", "status", "company", "contact", "deviceIdentifier", "serialNumber", "modelNumber", "tagNumber",
  "purchaseDate", "installationDate", "warrantyExpirationDate", "notes", "macAddress", "ipAddress", "osType", "osInfo",
  "billFlag", "activeFlag", "questions", "managementLink", "remoteLink", "mobileGuid", "_info", "customFields",
];

/** Answers to the type's questions: `[{questionId, answer}]` in, the full question list out. */
function buildAnswers(tenant: Tenant, typeId: number, raw: unknown, previous: unknown, errors: FieldError[]): Record<string, unknown>[] {
  const given = new Map<number, unknown>();
  for (const item of Array.isArray(previous) ? previous : []) {
    const q = item as { questionId?: unknown; answer?: unknown };
    if (typeof q.questionId === "number") given.set(q.questionId, q.answer ?? null);
  }
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) errors.push(invalidField("configuration", "questions", "The questions field must be an array."));
    for (const [i, item] of (Array.isArray(raw) ? raw : []).entries()) {
      const q = item as { questionId?: unknown; answer?: unknown };
      const question = typeof q.questionId === "number" ? tenant.data.configurationQuestions.get(q.questionId) : undefined;
      if (!question || refId(question.configurationType) !== typeId) {
        errors.push(invalidField("configuration", `questions[${i}].questionId`, "The question does not belong to this configuration type."));
        continue;
      }
      given.set(question.id, q.answer ?? null);
    }
  }
  return [...tenant.data.configurationQuestions.values()]
    .filter((q) => refId(q.configurationType) === typeId && q.inactiveFlag !== true)
    .sort((a, b) => Number(a.sequenceNumber) - Number(b.sequenceNumber))
    .map((q) => ({
      answerId: given.has(q.id) ? q.id * 10 : null,
      questionId: q.id,
      question: q.question,
      answer: given.get(q.id) ?? null,
      sequenceNumber: q.sequenceNumber,
      numberOfDecimals: q.numberOfDecimals ?? 0,
      fieldType: q.fieldType,
      requiredFlag: q.requiredFlag === true,
    }));
}

export const configurations: ResourceDef = {
  collection: "configurations",
  resource: "configuration",
  label: "Configuration",
  fields: CONFIG_FIELDS,
  arrayFields: ["questions", "customFields"],
  verbs: ["GET", "POST", "PUT", "PATCH", "DELETE"],
  build: (tenant, body, ctx) => {
    const errors: FieldError[] = [];
    const name = requireString(body, "name", "configuration", errors, 100);
    let type: Rec | null = null;
    if (body.type === undefined || body.type === null) errors.push(requiredField("configuration", "type"));
    else type = resolveRef(tenant, "configurationType", body.type, { resource: "configuration", field: "type", errors });
    if (type && type.inactiveFlag === true) errors.push(invalidField("configuration", "type", "The configuration type is inactive."));
    let company: Rec | null = null;
    if (body.company === undefined || body.company === null) errors.push(requiredField("configuration", "company"));
    else company = resolveRef(tenant, "company", body.company, { resource: "configuration", field: "company", errors });
    const status = resolveRef(tenant, "configurationStatus", body.status ?? { description: "Active" }, { resource: "configuration", field: "status", errors });
    const previous = ctx.existing && refId(ctx.existing.type) === type?.id ? ctx.existing.questions : undefined;
    const questions = type ? buildAnswers(tenant, type.id, body.questions, previous, errors) : [];
    const text = (f: string, max?: number) => optionalString(body, f, "configuration", errors, max);
    const record = {
      ...Object.fromEntries(CONFIG_FIELDS.map((f) => [f, null])),
      id: ctx.id,
      name,
      type: type && toRef("configurationType", type),
      status: status && { id: status.id, name: status.description, _info: {} },
      company: company && toRef("company", company),
      deviceIdentifier: text("deviceIdentifier", 250),
      serialNumber: text("serialNumber", 250),
      modelNumber: text("modelNumber", 50),
      tagNumber: text("tagNumber", 50),
      purchaseDate: optionalDate(body, "purchaseDate", "configuration", errors),
      installationDate: optionalDate(body, "installationDate", "configuration", errors),
      warrantyExpirationDate: optionalDate(body, "warrantyExpirationDate", "configuration", errors),
      notes: text("notes"),
      macAddress: text("macAddress", 25),
      ipAddress: text("ipAddress", 50),
      osType: text("osType", 250),
      osInfo: text("osInfo", 250),
      billFlag: optionalBool(body, "billFlag", "configuration", errors, false),
      activeFlag: optionalBool(body, "activeFlag", "configuration", errors, true),
      questions,
      managementLink: text("managementLink", 1000),
      remoteLink: text("remoteLink", 1000),
      _info: ctx.existing ? touchInfo(ctx.existing._info) : newInfo(),
      customFields: (ctx.existing?.customFields as unknown[]) ?? [],
    };
    if (errors.length) throw invalidObject("configuration", errors);
    return record as Rec;
  },
};
