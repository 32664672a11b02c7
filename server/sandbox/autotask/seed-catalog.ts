import type { EntityName } from "./entities";
import type { Resource, UdfDefinition } from "./state";

/** Static pieces of a seeded sandbox tenant: the service catalogue, CI types, UDFs, resources. */
export const DEFAULT_CUSTOMER_NAMES = [
  "Acme Dental Partners",
  "Blue Ocean Logistics",
  "Cobalt Engineering",
  "Dunmore Family Practice",
  "Elm Street Bakery",
  "Fairview Credit Union",
  "Granite Peak Legal",
  "Hillside Veterinary",
  "Ironbridge Manufacturing",
  "Juniper Real Estate",
  "Kestrel Architects",
  "Lakeview Schools Trust",
];

export const OTHER_COMPANIES: { name: string; type: string }[] = [
  { name: "Fabrikam Prospects Ltd", type: "Prospect" },
  { name: "Northwind Backup Vendor", type: "Vendor" },
  { name: "Old Mill Hotels (lead)", type: "Lead" },
  { name: "Tailspin Toys (cancelled)", type: "Cancellation" },
];

export type CatalogService = {
  name: string;
  unitPrice: number;
  unitCost: number;
  isActive: boolean;
  backup: boolean;
  /** The vendor billable item (billable_items.code) this service is meant to bill, for demo mappings. */
  billingItem?: string;
};

/** Monthly services; new entries go at the end so the ids of the existing ones never move. */
export const SERVICES: CatalogService[] = [
  { name: "Cloud Backup - Server", unitPrice: 45, unitCost: 18, isActive: true, backup: true },
  { name: "Cloud Backup - Workstation", unitPrice: 12, unitCost: 4.5, isActive: true, backup: true },
  { name: "Microsoft 365 Backup (per user)", unitPrice: 3, unitCost: 1.1, isActive: true, backup: true },
  { name: "Disaster Recovery Appliance", unitPrice: 150, unitCost: 60, isActive: true, backup: true },
  { name: "Managed Firewall", unitPrice: 80, unitCost: 30, isActive: true, backup: false },
  { name: "Help Desk (per user)", unitPrice: 25, unitCost: 10, isActive: true, backup: false },
  { name: "Email Security (per mailbox)", unitPrice: 2.5, unitCost: 0.9, isActive: true, backup: false, billingItem: "email_security_mailboxes" },
  { name: "Tape Rotation (retired)", unitPrice: 20, unitCost: 8, isActive: false, backup: false },
  { name: "Online Backup - Basic (per GB)", unitPrice: 0.12, unitCost: 0.05, isActive: true, backup: false, billingItem: "online_backup_gb_basic" },
  { name: "Online Backup - Standard (per GB)", unitPrice: 0.18, unitCost: 0.08, isActive: true, backup: false, billingItem: "online_backup_gb_standard" },
  { name: "Online Backup - Premium (per GB)", unitPrice: 0.25, unitCost: 0.11, isActive: true, backup: false, billingItem: "online_backup_gb_premium" },
  { name: "Local Backup - Server", unitPrice: 45, unitCost: 20, isActive: true, backup: false, billingItem: "local_backup_servers" },
  { name: "Local Backup - Workstation", unitPrice: 12, unitCost: 5, isActive: true, backup: false, billingItem: "local_backup_non_servers" },
  { name: "Email Archiving (per mailbox)", unitPrice: 3.5, unitCost: 1.2, isActive: true, backup: false, billingItem: "email_archiving_mailboxes" },
];

/** The catalogue service meant for a vendor billable item, by the item's code. */
export function serviceNameForItem(itemCode: string): string | undefined {
  return SERVICES.find((s) => s.billingItem === itemCode)?.name;
}

/** Currencies of every tenant (Autotask cannot create them through the API); USD is the internal one. */
export const CURRENCIES: { name: string; description: string; exchangeRate: number; isInternalCurrency: boolean }[] = [
  { name: "USD", description: "US Dollar", exchangeRate: 1, isInternalCurrency: true },
  { name: "EUR", description: "Euro", exchangeRate: 0.92, isInternalCurrency: false },
  { name: "GBP", description: "Pound Sterling", exchangeRate: 0.79, isInternalCurrency: false },
  { name: "CAD", description: "Canadian Dollar", exchangeRate: 1.36, isInternalCurrency: false },
];

/** A service bundle of the catalogue and the services inside it. */
export const SERVICE_BUNDLES: { name: string; unitPrice: number; unitCost: number; services: string[] }[] = [
  { name: "Backup & Email Security Bundle", unitPrice: 49, unitCost: 18, services: ["Online Backup - Standard (per GB)", "Email Security (per mailbox)"] },
];

export const CI_TYPES: { name: string; isActive: boolean }[] = [
  { name: "Server", isActive: true },
  { name: "Workstation", isActive: true },
  { name: "Backup Appliance", isActive: true },
  { name: "Network Device", isActive: true },
  { name: "Cloud Tenant", isActive: true },
  { name: "Legacy Device", isActive: false },
];

const list = (labels: string[]) =>
  labels.map((label, i) => ({
    value: String(i + 1),
    label,
    isDefaultValue: i === 0,
    sortOrder: i + 1,
    parentValue: null,
    isActive: true,
    isSystem: false,
  }));

const udf = (name: string, type: UdfDefinition["type"], options: string[] = [], length = 255): UdfDefinition => ({
  name,
  label: name,
  type,
  isRequired: false,
  length,
  picklistValues: list(options),
});

export const UDFS: Partial<Record<EntityName, UdfDefinition[]>> = {
  Companies: [udf("Vendor Customer ID", "string", [], 50), udf("Customer Ranking", "list", ["Gold", "Silver", "Bronze"])],
  Tickets: [udf("Vendor Alert ID", "string", [], 100)],
  ConfigurationItems: [
    udf("Vendor Device ID", "string", [], 100),
    udf("Backup Status", "list", ["Healthy", "Warning", "Failed"]),
    udf("Last Successful Backup", "date"),
    udf("Protected Data (GB)", "number"),
  ],
};

export function resourcesFor(variant: number): { resources: Resource[]; apiResourceId: number } {
  const base = 29_682_880 + variant * 10;
  return {
    resources: [
      { id: base + 1, firstName: "Alex", lastName: "Admin", roleIds: [29_682_833] },
      { id: base + 2, firstName: "Sam", lastName: "Technician", roleIds: [29_682_834, 29_682_835] },
      { id: base + 3, firstName: "PSA Relay", lastName: "API User", roleIds: [] },
    ],
    apiResourceId: base + 3,
  };
}
