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

export type CatalogService = { name: string; unitPrice: number; unitCost: number; isActive: boolean; backup: boolean };

export const SERVICES: CatalogService[] = [
  { name: "Cloud Backup - Server", unitPrice: 45, unitCost: 18, isActive: true, backup: true },
  { name: "Cloud Backup - Workstation", unitPrice: 12, unitCost: 4.5, isActive: true, backup: true },
  { name: "Microsoft 365 Backup (per user)", unitPrice: 3, unitCost: 1.1, isActive: true, backup: true },
  { name: "Disaster Recovery Appliance", unitPrice: 150, unitCost: 60, isActive: true, backup: true },
  { name: "Managed Firewall", unitPrice: 80, unitCost: 30, isActive: true, backup: false },
  { name: "Help Desk (per user)", unitPrice: 25, unitCost: 10, isActive: true, backup: false },
  { name: "Email Security (per mailbox)", unitPrice: 2.5, unitCost: 0.9, isActive: true, backup: false },
  { name: "Tape Rotation (retired)", unitPrice: 20, unitCost: 8, isActive: false, backup: false },
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
