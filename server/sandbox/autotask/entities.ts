/**
 * Which Autotask entities the sandbox serves and what each allows, following the official route
 * table (psa-api-facts A3): root verbs, parent/child write paths, required fields on create,
 * read-only fields, references that must exist, picklist fields (values are per tenant).
 */
export type EntityName =
  | "Companies"
  | "Contracts"
  | "Services"
  | "ContractServices"
  | "ContractServiceUnits"
  | "ContractServiceAdjustments"
  | "Tickets"
  | "TicketNotes"
  | "ConfigurationItems"
  | "ConfigurationItemTypes"
  | "Currencies"
  | "ServiceBundles"
  | "ServiceBundleServices"
  | "ContractServiceBundles"
  | "ContractServiceBundleUnits";

export type Verbs = { query: boolean; get: boolean; create: boolean; update: boolean; delete: boolean };

export type EntitySpec = {
  name: EntityName;
  /** Singular name reported by entityInformation. */
  label: string;
  root: Verbs;
  required: string[];
  readOnly: string[];
  /** field → entity whose id it must name (resources are checked separately). */
  references: Partial<Record<string, EntityName>>;
  picklists: string[];
  /** Picklist field → field holding its parent value (subIssueType → issueType). */
  picklistParents?: Record<string, string>;
  nonQueryable?: string[];
  lengths?: Record<string, number>;
  hasUdfs: boolean;
};

const none: Verbs = { query: false, get: false, create: false, update: false, delete: false };
const full: Verbs = { query: true, get: true, create: true, update: true, delete: false };
const readOnly: Verbs = { ...none, query: true, get: true };

export const ENTITIES: Record<EntityName, EntitySpec> = {
  Companies: {
    name: "Companies",
    label: "Company",
    root: full,
    required: ["companyName", "companyType", "ownerResourceID", "phone"],
    readOnly: ["id", "createDate", "lastActivityDate", "lastTrackedModifiedDateTime", "createdByResourceID"],
    references: { parentCompanyID: "Companies", currencyID: "Currencies" },
    picklists: ["companyType", "classification"],
    lengths: { companyName: 100, phone: 25, webAddress: 255 },
    hasUdfs: true,
  },
  Contracts: {
    name: "Contracts",
    label: "Contract",
    root: full,
    required: ["companyID", "contractName", "contractType", "startDate", "endDate", "status"],
    readOnly: ["id"],
    references: { companyID: "Companies" },
    picklists: ["contractType", "contractCategory", "status", "contractPeriodType", "billingPreference"],
    lengths: { contractName: 100, contractNumber: 50 },
    hasUdfs: true,
  },
  Services: {
    name: "Services",
    label: "Service",
    root: full,
    required: ["name", "periodType", "unitPrice"],
    readOnly: ["id", "createDate", "lastModifiedDate", "creatorResourceID", "updateResourceID"],
    references: {},
    picklists: ["periodType"],
    lengths: { name: 150, description: 400, invoiceDescription: 1000 },
    hasUdfs: true,
  },
  ContractServices: {
    name: "ContractServices",
    label: "ContractService",
    root: readOnly,
    required: ["contractID", "serviceID", "unitPrice"],
    readOnly: ["id"],
    references: { contractID: "Contracts", serviceID: "Services" },
    picklists: [],
    lengths: { invoiceDescription: 1000, internalDescription: 100 },
    hasUdfs: false,
  },
  ContractServiceUnits: {
    name: "ContractServiceUnits",
    label: "ContractServiceUnit",
    root: readOnly,
    required: [],
    readOnly: [],
    references: {},
    picklists: [],
    hasUdfs: false,
  },
  ContractServiceAdjustments: {
    name: "ContractServiceAdjustments",
    label: "ContractServiceAdjustment",
    root: { ...none, create: true },
    required: ["contractID", "effectiveDate", "unitChange"],
    readOnly: ["id"],
    references: { contractID: "Contracts", serviceID: "Services", contractServiceID: "ContractServices" },
    picklists: [],
    hasUdfs: false,
  },
  Tickets: {
    name: "Tickets",
    label: "Ticket",
    root: full,
    required: ["companyID", "title", "status", "priority", "dueDateTime", "queueID"],
    readOnly: [
      "id",
      "ticketNumber",
      "createDate",
      "creatorResourceID",
      "creatorType",
      "lastActivityDate",
      "lastActivityPersonType",
      "lastActivityResourceID",
      "lastTrackedModificationDateTime",
      "completedDate",
      "completedByResourceID",
    ],
    references: {
      companyID: "Companies",
      configurationItemID: "ConfigurationItems",
      contractID: "Contracts",
      contractServiceID: "ContractServices",
    },
    picklists: ["queueID", "status", "priority", "issueType", "subIssueType", "source", "ticketType"],
    picklistParents: { subIssueType: "issueType" },
    nonQueryable: ["creatorType", "lastActivityPersonType"],
    lengths: { title: 255, description: 8000, externalID: 50, resolution: 32000 },
    hasUdfs: true,
  },
  TicketNotes: {
    name: "TicketNotes",
    label: "TicketNote",
    root: readOnly,
    required: ["ticketID", "title", "description", "noteType", "publish"],
    readOnly: ["id", "createDateTime", "lastActivityDate", "creatorResourceID"],
    references: { ticketID: "Tickets" },
    picklists: ["noteType", "publish"],
    lengths: { title: 250, description: 32000 },
    hasUdfs: false,
  },
  ConfigurationItems: {
    name: "ConfigurationItems",
    label: "ConfigurationItem",
    root: full,
    required: ["companyID", "configurationItemType", "isActive"],
    readOnly: ["id", "createDate", "lastModifiedTime", "createdByPersonID"],
    references: { companyID: "Companies", contractID: "Contracts", contractServiceID: "ContractServices" },
    picklists: ["configurationItemType"],
    lengths: { referenceTitle: 200, referenceNumber: 50, serialNumber: 100 },
    hasUdfs: true,
  },
  ConfigurationItemTypes: {
    name: "ConfigurationItemTypes",
    label: "ConfigurationItemType",
    root: { ...full, delete: true },
    required: ["name", "isActive"],
    readOnly: ["id"],
    references: {},
    picklists: [],
    lengths: { name: 100 },
    hasUdfs: false,
  },
  // Currencies cannot be created or deleted through the API (query, get, PUT, PATCH only).
  Currencies: {
    name: "Currencies",
    label: "Currency",
    root: { ...full, create: false },
    required: ["name"],
    readOnly: ["id", "isInternalCurrency", "lastModifiedDateTime", "updateResourceId"],
    references: {},
    picklists: [],
    lengths: { name: 3, description: 100 },
    hasUdfs: false,
  },
  ServiceBundles: {
    name: "ServiceBundles",
    label: "ServiceBundle",
    root: { ...full, delete: true },
    required: ["name", "periodType", "unitPrice"],
    readOnly: ["id", "createDate", "lastModifiedDate", "creatorResourceID", "updateResourceID"],
    references: {},
    picklists: ["periodType"],
    lengths: { name: 150, description: 400, invoiceDescription: 1000 },
    hasUdfs: false,
  },
  // The services inside a bundle: read-only through the REST API.
  ServiceBundleServices: {
    name: "ServiceBundleServices",
    label: "ServiceBundleService",
    root: readOnly,
    required: ["serviceBundleID", "serviceID"],
    readOnly: ["id"],
    references: { serviceBundleID: "ServiceBundles", serviceID: "Services" },
    picklists: [],
    hasUdfs: false,
  },
  // A service bundle on a contract: query/get at the root, writes under /Contracts/{id}/ServiceBundles.
  ContractServiceBundles: {
    name: "ContractServiceBundles",
    label: "ContractServiceBundle",
    root: readOnly,
    required: ["contractID", "serviceBundleID", "unitPrice"],
    readOnly: ["id"],
    references: { contractID: "Contracts", serviceBundleID: "ServiceBundles" },
    picklists: [],
    lengths: { invoiceDescription: 1000, internalDescription: 100 },
    hasUdfs: false,
  },
  ContractServiceBundleUnits: {
    name: "ContractServiceBundleUnits",
    label: "ContractServiceBundleUnit",
    root: readOnly,
    required: [],
    readOnly: [],
    references: {},
    picklists: [],
    hasUdfs: false,
  },
};

/** Child collections: `/{parent}/{parentId}/{segment}` serves `child` rows whose `parentField` = parentId. */
export type ChildSpec = {
  parent: EntityName;
  segment: string;
  child: EntityName;
  parentField: string;
  verbs: Verbs;
};

export const CHILDREN: ChildSpec[] = [
  { parent: "Contracts", segment: "Services", child: "ContractServices", parentField: "contractID", verbs: { ...full } },
  { parent: "Contracts", segment: "ServiceUnits", child: "ContractServiceUnits", parentField: "contractID", verbs: readOnly },
  {
    parent: "Contracts",
    segment: "ServiceAdjustments",
    child: "ContractServiceAdjustments",
    parentField: "contractID",
    verbs: { ...none, create: true },
  },
  { parent: "Contracts", segment: "ServiceBundles", child: "ContractServiceBundles", parentField: "contractID", verbs: { ...full } },
  { parent: "Contracts", segment: "ServiceBundleUnits", child: "ContractServiceBundleUnits", parentField: "contractID", verbs: readOnly },
  { parent: "Tickets", segment: "Notes", child: "TicketNotes", parentField: "ticketID", verbs: { ...full } },
];

const byLower = new Map(Object.values(ENTITIES).map((e) => [e.name.toLowerCase(), e]));

export function entityByName(name: string): EntitySpec | undefined {
  return byLower.get(name.toLowerCase());
}

export function childBySegment(parent: EntityName, segment: string): ChildSpec | undefined {
  const lower = segment.toLowerCase();
  return CHILDREN.find((c) => c.parent === parent && c.segment.toLowerCase() === lower);
}
