import type { EntityName } from "./entities";
import type { PicklistValue, Tenant } from "./state";

/**
 * Per-tenant picklists. Labels are Autotask's usual ones; the integer values differ between
 * tenants (`variant`) the way they differ between real Autotask databases, so a client that
 * hard-codes ids (Customer = 1, Recurring Service = 7, …) fails against some sandbox tenants.
 */
type ListSpec = {
  labels: string[];
  value: (i: number, n: number) => number;
  defaultLabel?: string;
  system?: string[];
  inactive?: string[];
  parents?: (n: number) => Record<string, string>;
};

const rotate = (base: number[]) => (i: number, n: number) => base[(i + n) % base.length]!;

const SUB_ISSUES: Record<string, string[]> = {
  Backup: ["Backup Failed", "Backup Warning", "Missed Backup", "Storage Quota"],
  Hardware: ["Disk Failure", "Power Supply"],
  Software: ["Installation", "Licensing"],
  Network: ["Connectivity", "Firewall"],
};
const ISSUES = Object.keys(SUB_ISSUES);
const SUB_LABELS = ISSUES.flatMap((i) => SUB_ISSUES[i]!);

const SPECS: Partial<Record<EntityName, Record<string, ListSpec>>> = {
  Companies: {
    companyType: { labels: ["Customer", "Lead", "Prospect", "Dead", "Cancellation", "Vendor", "Partner"], value: rotate([1, 2, 3, 4, 5, 6, 7]), defaultLabel: "Customer" },
    classification: { labels: ["Gold", "Silver", "Bronze"], value: (i, n) => 100 + n * 10 + i },
  },
  Contracts: {
    contractType: {
      labels: ["Time and Materials", "Fixed Price", "Block Hours", "Retainer", "Incident (Per Ticket)", "Recurring Service"],
      value: rotate([1, 3, 4, 6, 8, 7]),
      system: ["Time and Materials", "Fixed Price", "Block Hours", "Retainer", "Incident (Per Ticket)", "Recurring Service"],
    },
    contractCategory: { labels: ["Standard", "Managed Services", "Project"], value: (i, n) => 10 + n * 3 + i },
    status: { labels: ["Inactive", "Active"], value: (i) => i, defaultLabel: "Active", system: ["Inactive", "Active"] },
    contractPeriodType: { labels: ["Monthly", "Quarterly", "Semi-Annual", "Yearly"], value: (i) => i + 1, defaultLabel: "Monthly" },
    billingPreference: { labels: ["Immediately", "Manually", "Timesheet"], value: (i) => i + 1 },
  },
  Services: {
    periodType: { labels: ["Monthly", "Quarterly", "Semi-Annual", "Yearly"], value: rotate([1, 2, 3, 4]), defaultLabel: "Monthly" },
  },
  ServiceBundles: {
    periodType: { labels: ["Monthly", "Quarterly", "Semi-Annual", "Yearly"], value: rotate([1, 2, 3, 4]), defaultLabel: "Monthly" },
  },
  Tickets: {
    queueID: {
      labels: ["Client Portal", "Post Sale", "Level I Support", "Level II Support", "Monitoring Alert", "Backup Alerts", "Old Escalations"],
      value: (i, n) => 29683400 + n * 17 + i * 3,
      inactive: ["Old Escalations"],
    },
    status: {
      labels: ["New", "In Progress", "Waiting Customer", "Waiting Materials", "Escalate", "Complete"],
      value: (i, n) => (i === 0 ? 1 : i === 5 ? 5 : 10 + n * 5 + i),
      defaultLabel: "New",
      system: ["New", "Complete"],
    },
    priority: { labels: ["Critical", "High", "Medium", "Low"], value: rotate([4, 1, 2, 3]), defaultLabel: "Medium" },
    issueType: { labels: ISSUES, value: (i, n) => 100 * (n + 1) + i },
    subIssueType: {
      labels: SUB_LABELS,
      value: (i, n) => 1000 * (n + 1) + i,
      parents: (n) =>
        Object.fromEntries(SUB_LABELS.map((label) => [label, String(100 * (n + 1) + ISSUES.findIndex((i) => SUB_ISSUES[i]!.includes(label)))])),
    },
    source: { labels: ["Phone", "Email", "Monitoring Alert", "Client Portal", "In Person"], value: (i, n) => 2 + ((i + n) % 5) },
    ticketType: {
      labels: ["Service Request", "Incident", "Problem", "Change Request", "Alert"],
      value: (i) => i + 1,
      defaultLabel: "Service Request",
      system: ["Service Request", "Incident", "Problem", "Change Request", "Alert"],
    },
  },
  TicketNotes: {
    noteType: { labels: ["Task Summary", "Task Notes", "Task Detail", "Resolution"], value: rotate([1, 2, 3, 4]), defaultLabel: "Task Notes" },
    publish: { labels: ["All Autotask Users", "Internal Only", "Internal & Co-managed"], value: (i) => i + 1, defaultLabel: "All Autotask Users" },
  },
};

/** Builds the picklists of one tenant. */
export function buildPicklists(variant: number): Tenant["picklists"] {
  const out: Tenant["picklists"] = {};
  for (const [entity, fields] of Object.entries(SPECS) as [EntityName, Record<string, ListSpec>][]) {
    out[entity] = {};
    for (const [field, spec] of Object.entries(fields)) {
      const parents = spec.parents?.(variant);
      out[entity]![field] = spec.labels.map((label, i) => ({
        value: String(spec.value(i, variant)),
        label,
        isDefaultValue: label === spec.defaultLabel,
        sortOrder: i + 1,
        parentValue: parents?.[label] ?? null,
        isActive: !spec.inactive?.includes(label),
        isSystem: spec.system?.includes(label) ?? false,
      }));
    }
  }
  return out;
}

/** Picklist values of a field; ConfigurationItems.configurationItemType mirrors the CI types table. */
export function picklistValues(tenant: Tenant, entity: EntityName, field: string): PicklistValue[] {
  if (entity === "ConfigurationItems" && field === "configurationItemType") {
    return tenant.tables.ConfigurationItemTypes.rows.map((row, i) => ({
      value: String(row.id),
      label: String(row.name),
      isDefaultValue: false,
      sortOrder: i + 1,
      parentValue: null,
      isActive: row.isActive !== false,
      isSystem: false,
    }));
  }
  return tenant.picklists[entity]?.[field] ?? [];
}

/** The integer value of a label in this tenant (seed and business rules resolve by label too). */
export function valueOf(tenant: Tenant, entity: EntityName, field: string, label: string): number {
  const match = picklistValues(tenant, entity, field).find((p) => p.label.toLowerCase() === label.toLowerCase());
  if (!match) throw new Error(`Sandbox tenant ${tenant.id} has no ${entity}.${field} value labelled ${label}`);
  return Number(match.value);
}

export function labelOf(tenant: Tenant, entity: EntityName, field: string, value: unknown): string | undefined {
  return picklistValues(tenant, entity, field).find((p) => p.value === String(value))?.label;
}
