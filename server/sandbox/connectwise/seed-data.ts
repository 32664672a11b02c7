/**
 * What a fresh ConnectWise sandbox tenant holds besides its customers: boards with their own
 * statuses and types, priorities, company types/statuses, agreement types, catalog products
 * (matching the vendor's billable items), configuration types with questions, and custom fields.
 * Values are data, looked up by name at runtime by the connector — never by id.
 */
export type BoardSeed = {
  name: string;
  inactive?: boolean;
  statuses: Array<{ name: string; closed?: boolean; default?: boolean }>;
  types: string[];
};

export const BOARDS: BoardSeed[] = [
  {
    name: "Help Desk",
    statuses: [
      { name: "New", default: true },
      { name: "In Progress" },
      { name: "Waiting Customer" },
      { name: "Completed", closed: true },
      { name: "Closed", closed: true },
    ],
    types: ["Incident", "Service Request", "Problem"],
  },
  {
    name: "Alerts",
    statuses: [{ name: "New", default: true }, { name: "Acknowledged" }, { name: "Resolved", closed: true }],
    types: ["Backup Failure", "Device Alert"],
  },
  {
    name: "NOC",
    statuses: [{ name: "New", default: true }, { name: "Assigned" }, { name: "Pending Vendor" }, { name: "Closed", closed: true }],
    types: ["Monitoring", "Maintenance"],
  },
  { name: "Projects Intake", inactive: true, statuses: [{ name: "New", default: true }, { name: "Closed", closed: true }], types: [] },
];

export const PRIORITIES = [
  { name: "Priority 1 - Emergency Response", color: "Red", level: "Critical", sortOrder: 1 },
  { name: "Priority 2 - Quick Response", color: "Orange", level: "High", sortOrder: 2 },
  { name: "Priority 3 - Normal Response", color: "Yellow", level: "Medium", sortOrder: 3, default: true },
  { name: "Priority 4 - Schedule Maintenance", color: "Green", level: "Low", sortOrder: 4 },
  { name: "Do Not Respond", color: "Gray", level: "NotApplicable", sortOrder: 5 },
];

export const COMPANY_TYPES = [
  { name: "Client", default: true },
  { name: "Prospect" },
  { name: "Vendor", vendor: true },
  { name: "Owner" },
  { name: "Partner" },
];

export const COMPANY_STATUSES = [{ name: "Active", default: true }, { name: "Inactive", inactive: true }, { name: "Not-Approved" }];

export const AGREEMENT_TYPES = ["Managed Services", "Backup Services", "Block Time"];

export type ProductSeed = {
  identifier: string;
  description: string;
  uom: string;
  price: number;
  cost: number;
  recurring: boolean;
  productClass: "Agreement" | "Service" | "NonInventory";
  inactive?: boolean;
  /** The vendor billable item (billable_items.code) this product is meant to bill, for demo mappings. */
  billingItem?: string;
};

export const PRODUCTS: ProductSeed[] = [
  { identifier: "BACKUP-GB-BASIC", description: "Online backup, Basic plan (per GB)", uom: "GB", price: 0.12, cost: 0.05, recurring: true, productClass: "Agreement", billingItem: "online_backup_gb_basic" },
  { identifier: "BACKUP-GB-STD", description: "Online backup, Standard plan (per GB)", uom: "GB", price: 0.18, cost: 0.08, recurring: true, productClass: "Agreement", billingItem: "online_backup_gb_standard" },
  { identifier: "BACKUP-GB-PREM", description: "Online backup, Premium plan (per GB)", uom: "GB", price: 0.25, cost: 0.11, recurring: true, productClass: "Agreement", billingItem: "online_backup_gb_premium" },
  { identifier: "LOCAL-BACKUP-SRV", description: "Local backup, servers", uom: "Server", price: 45, cost: 20, recurring: true, productClass: "Agreement", billingItem: "local_backup_servers" },
  { identifier: "LOCAL-BACKUP-WKS", description: "Local backup, non-servers", uom: "Device", price: 12, cost: 5, recurring: true, productClass: "Agreement", billingItem: "local_backup_non_servers" },
  { identifier: "EMAIL-ARCHIVE-MBX", description: "Email archiving (per mailbox)", uom: "Mailbox", price: 3.5, cost: 1.2, recurring: true, productClass: "Agreement", billingItem: "email_archiving_mailboxes" },
  { identifier: "EMAIL-SECURITY-MBX", description: "Email security (per mailbox)", uom: "Mailbox", price: 2.5, cost: 0.9, recurring: true, productClass: "Agreement", billingItem: "email_security_mailboxes" },
  { identifier: "M365-BUSINESS-STD", description: "Microsoft 365 Business Standard", uom: "License", price: 14, cost: 12.5, recurring: true, productClass: "Agreement" },
  { identifier: "LABOR-REMOTE", description: "Remote support labour (hour)", uom: "Hour", price: 120, cost: 45, recurring: false, productClass: "Service" },
  { identifier: "LEGACY-TAPE", description: "Tape rotation (retired)", uom: "Each", price: 30, cost: 10, recurring: true, productClass: "Agreement", inactive: true },
];

/** The catalog product meant for a vendor billable item, by the item's code. */
export function productForItem(itemCode: string): ProductSeed | undefined {
  return PRODUCTS.find((p) => p.billingItem === itemCode);
}

/** Agreement billing cycles as ConnectWise names them. */
export const BILLING_CYCLES: Record<string, number> = { Monthly: 1, Quarterly: 2, "Semi-Annual": 3, Annual: 4 };

/** How one customer's agreement is laid out (instead of the two default additions). */
export type CustomerBillingPlan = {
  agreement?: { billingCycle?: string; currencyCode?: string; cancelled?: boolean };
  /** Additions by catalog identifier. */
  additions: { product: string; quantity: number }[];
};

/** The asset fields PSA Relay's advanced device mode fills, as configuration questions. */
export const ASSET_QUESTIONS = [
  "BIOS Name",
  "BIOS Version",
  "Device Type",
  "DNS Name",
  "Drive Info",
  "Gateway",
  "IP Address",
  "Make",
  "Model",
  "Operating System",
  "RAM",
  "Last Logged On User",
  "Portal Device Id",
];

export const CONFIGURATION_TYPES: Array<{ name: string; inactive?: boolean; questions: string[] }> = [
  { name: "Managed Server", questions: ASSET_QUESTIONS },
  { name: "Managed Workstation", questions: ASSET_QUESTIONS },
  { name: "Backup Appliance", questions: ["Model", "Firmware Version", "Portal Device Id"] },
  { name: "Legacy Device", inactive: true, questions: ["Notes"] },
];

/** Questions answered from a list (entryType List) and their values. */
export const QUESTION_LISTS: Record<string, string[]> = { "Device Type": ["Server", "Workstation", "Laptop", "Appliance"] };

export const USER_DEFINED_FIELDS = [
  { caption: "Vendor Event Id", screenId: "serviceTicket", podId: 31, field: "Text", entry: "EntryField" },
  { caption: "Escalation Reason", screenId: "serviceTicket", podId: 31, field: "Text", entry: "List", options: ["Customer request", "SLA breach", "Repeat failure"] },
  { caption: "Vendor Customer Id", screenId: "company", podId: 12, field: "Text", entry: "EntryField" },
  { caption: "Backup Contact", screenId: "company", podId: 12, field: "Text", entry: "EntryField", required: false },
  { caption: "Warranty Notes", screenId: "configuration", podId: 48, field: "TextArea", entry: "EntryField" },
];

export const DEFAULT_CUSTOMERS: Array<{ name: string; domain?: string }> = [
  { name: "Harbor Dental Group", domain: "harbordental.com" },
  { name: "Bluebird Logistics", domain: "bluebirdlogistics.com" },
  { name: "Maple Street Pediatrics", domain: "maplestreetpeds.com" },
  { name: "Ironwood Construction", domain: "ironwoodbuild.com" },
  { name: "Cedar Valley Credit Union", domain: "cedarvalleycu.org" },
];
