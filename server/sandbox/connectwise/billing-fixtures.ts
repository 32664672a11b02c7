import { agreementStatusOf } from "./resources/finance";
import { findTenant, type Rec, type Tenant } from "./state";

/**
 * Billing fixtures of the default sandbox tenants: one client company per way an agreement can be
 * unusable for billing quantities, each with its own agreement and two additions, so a Customer Map
 * can point at it and a sync fails that customer with a message:
 *   cancelled        — the agreement is cancelled (additions cannot change);
 *   quarterly        — the agreement is billed quarterly;
 *   foreignCurrency  — the agreement is in EUR (GBP when the tenant itself bills in EUR).
 * (Every default tenant's first customer also has a cancelled "Backup Services" agreement beside
 * its active one.) Tests find them by name with `connectWiseBillingFixtures(companyId)`.
 */
export const CONNECTWISE_BILLING_FIXTURES = {
  cancelled: { company: "Pinecrest Dental Studio", agreement: "Managed Services - Pinecrest Dental Studio" },
  quarterly: { company: "Lakeside Veterinary Partners", agreement: "Managed Services (Quarterly) - Lakeside Veterinary Partners", billingCycle: "Quarterly" },
  foreignCurrency: { company: "Rhine Valley Imports GmbH", agreement: "Managed Services (EUR) - Rhine Valley Imports GmbH", currency: "EUR" },
} as const;

export type ConnectWiseBillingFixtureName = keyof typeof CONNECTWISE_BILLING_FIXTURES;

/** The additions every fixture agreement carries (catalog identifier → quantity). */
export const FIXTURE_ADDITIONS: { product: string; quantity: number }[] = [
  { product: "BACKUP-GB-STD", quantity: 300 },
  { product: "EMAIL-SECURITY-MBX", quantity: 20 },
];

/** The other currency of the foreignCurrency fixture for a tenant billing in `tenantCurrency`. */
export function foreignCurrencyFor(tenantCurrency: string): string {
  return tenantCurrency.toUpperCase() === CONNECTWISE_BILLING_FIXTURES.foreignCurrency.currency ? "GBP" : CONNECTWISE_BILLING_FIXTURES.foreignCurrency.currency;
}

/** Ids (as the connector reports them: strings) of one fixture. */
export type ConnectWiseBillingFixture = {
  companyId: string;
  companyName: string;
  agreementId: string;
  agreementName: string;
  agreementStatus: string;
  currencyCode: string | null;
  /** Additions on the agreement by catalog identifier. */
  additions: Record<string, { additionId: string; productId: string; quantity: number }>;
};

export function additionsOf(tenant: Tenant, agreementId: number): ConnectWiseBillingFixture["additions"] {
  const out: ConnectWiseBillingFixture["additions"] = {};
  for (const a of tenant.data.additions.values()) {
    if (a.agreementId !== agreementId) continue;
    const product = a.product as { id: number; identifier?: string };
    out[product.identifier ?? String(product.id)] = { additionId: String(a.id), productId: String(product.id), quantity: Number(a.quantity ?? 0) };
  }
  return out;
}

/** The billing fixtures of a tenant, found by name; throws when the tenant was seeded without them. */
export function connectWiseBillingFixtures(companyId: string): Record<ConnectWiseBillingFixtureName, ConnectWiseBillingFixture> {
  const tenant = findTenant(companyId);
  if (!tenant) throw new Error(`Unknown ConnectWise sandbox tenant ${companyId}`);
  const find = (names: { company: string; agreement: string }): ConnectWiseBillingFixture => {
    const company = [...tenant.data.companies.values()].find((c) => c.name === names.company);
    const agreement = [...tenant.data.agreements.values()].find((a) => a.name === names.agreement && (a.company as { id: number } | null)?.id === company?.id);
    if (!company || !agreement) throw new Error(`Sandbox tenant ${companyId} has no billing fixture "${names.agreement}" (seed it with billingFixtures: true)`);
    return {
      companyId: String(company.id),
      companyName: names.company,
      agreementId: String(agreement.id),
      agreementName: names.agreement,
      agreementStatus: agreementStatusOf(agreement),
      currencyCode: (agreement.currency as { currencyCode?: string } | null)?.currencyCode ?? null,
      additions: additionsOf(tenant, agreement.id),
    };
  };
  const f = CONNECTWISE_BILLING_FIXTURES;
  return { cancelled: find(f.cancelled), quarterly: find(f.quarterly), foreignCurrency: find(f.foreignCurrency) };
}

/** Catalog product ids by identifier, as the connector reports them. */
export function connectWiseProductIds(companyId: string): Record<string, string> {
  const tenant = findTenant(companyId);
  if (!tenant) throw new Error(`Unknown ConnectWise sandbox tenant ${companyId}`);
  return Object.fromEntries([...tenant.data.catalog.values()].map((p) => [String(p.identifier), String(p.id)]));
}

/** The agreements of a company (by company name), e.g. to point a Customer Map row at one. */
export function connectWiseAgreementsOf(companyId: string, companyName: string): Rec[] {
  const tenant = findTenant(companyId);
  if (!tenant) throw new Error(`Unknown ConnectWise sandbox tenant ${companyId}`);
  const company = [...tenant.data.companies.values()].find((c) => c.name === companyName);
  return company ? [...tenant.data.agreements.values()].filter((a) => (a.company as { id: number } | null)?.id === company.id) : [];
}
