import type { Db } from "~/db";
import {
  countMappings,
  getTicketSettingsRow,
  hasTicketRule,
  insertMappings,
  insertTicketRule,
  insertTicketSettings,
  listUnmappedCustomers,
  partnersBySlug,
} from "~/db/queries/demo-ticketing";
import { linkDemoContractServices } from "~/db/seed/demo-billing";
import { DEMO_PARTNERS } from "~/db/seed/demo-data";
import type { PsaConnector, PsaConnectorOptions, PsaContract } from "~/server/psa/types";
import { connectorForPartner } from "~/server/services/psa-connections/service";

import { nameKey, pickPriorities, pickQueue, pickStatuses } from "./pick";

/**
 * Demo only: configures ticketing for the demo partners connected to the sandboxes, so the fleet
 * simulator's failures become tickets and recoveries complete them. For each demo partner with a
 * PSA connection: ticket settings picked by name from the PSA's queues/boards, statuses and
 * priorities; every vendor customer mapped to the PSA company of the same name (with its first
 * contract); an "Open a ticket in <PSA>" rule. Idempotent: existing settings, mappings and rules
 * are kept as they are.
 */
export type DemoTicketingResult =
  | {
      partnerSlug: string;
      partnerName: string;
      status: "configured";
      provider: "autotask" | "connectwise";
      settings: "created" | "kept";
      queueName: string | null;
      customersMapped: number;
      newlyMapped: number;
      unmatched: number;
      rule: "created" | "kept";
    }
  | { partnerSlug: string; partnerName: string; status: "not-connected" | "failed"; message: string };

const PSA_LABEL = { autotask: "Autotask", connectwise: "ConnectWise" } as const;

async function ensureSettings(db: Db, partnerId: string, connector: PsaConnector) {
  const existing = await getTicketSettingsRow(db, { partnerId });
  if (existing?.queueId) return { settings: "kept" as const, queueName: existing.queueName };
  const queue = pickQueue(connector.provider, await connector.listQueues());
  if (!queue) throw new Error(`the ${PSA_LABEL[connector.provider]} tenant lists no active queue or board`);
  const { newStatus, completed } = pickStatuses(await connector.listTicketStatuses(queue.id));
  const { high, medium, low } = pickPriorities(await connector.listPriorities());
  if (!newStatus || !completed || !high || !medium || !low) throw new Error(`the queue or board "${queue.name}" lacks a new or completed status, or the PSA lists no priorities`);
  const row = (p: typeof high, dueDays: number) => ({ priorityId: p.id, priorityName: p.name, queueId: queue.id, queueName: queue.name, dueDays });
  await insertTicketSettings(db, {
    partnerId,
    subjectPrefix: "[Backup] ",
    queueId: queue.id,
    queueName: queue.name,
    defaultPriorityId: medium.id,
    defaultPriorityName: medium.name,
    newStatusId: newStatus.id,
    newStatusName: newStatus.name,
    completedStatusId: completed.id,
    completedStatusName: completed.name,
    alertMapping: { error: row(high, 1), warning: row(medium, 3), ok: row(low, 7) },
    updatedByUserId: null,
  });
  return { settings: "created" as const, queueName: queue.name };
}

function firstContract(contracts: PsaContract[], companyId: string): PsaContract | undefined {
  const own = contracts.filter((c) => c.companyId === companyId);
  return own.find((c) => c.status === "active") ?? own[0];
}

async function mapCustomers(db: Db, partnerId: string, connector: PsaConnector) {
  const unmapped = await listUnmappedCustomers(db, { partnerId });
  if (unmapped.length === 0) return { newlyMapped: 0, unmatched: 0 };
  const companies = new Map((await connector.listCompanies()).filter((c) => c.isActive).map((c) => [nameKey(c.name), c]));
  const matches = unmapped.flatMap((customer) => {
    const company = companies.get(nameKey(customer.name));
    return company ? [{ customer, company }] : [];
  });
  const contracts = matches.length ? await connector.listContracts(matches.map((m) => m.company.id)) : [];
  const newlyMapped = await insertMappings(db, {
    partnerId,
    rows: matches.map(({ customer, company }) => {
      const contract = firstContract(contracts, company.id);
      return {
        customerId: customer.id,
        psaCompanyId: company.id,
        psaCompanyName: company.name,
        psaContractId: contract?.id ?? null,
        psaContractName: contract?.name ?? null,
        source: "suggested" as const,
      };
    }),
  });
  return { newlyMapped, unmatched: unmapped.length - matches.length };
}

/** Configures one partner's ticketing against its connection (exported for tests and other setups). */
export async function configurePartnerTicketing(db: Db, partner: { id: string; slug: string; name: string }, connector: PsaConnector): Promise<DemoTicketingResult> {
  const { settings, queueName } = await ensureSettings(db, partner.id, connector);
  const { newlyMapped, unmatched } = await mapCustomers(db, partner.id, connector);
  let rule: "created" | "kept" = "kept";
  if (!(await hasTicketRule(db, { partnerId: partner.id }))) {
    await insertTicketRule(db, { partnerId: partner.id, name: `Open a ticket in ${PSA_LABEL[connector.provider]}` });
    rule = "created";
  }
  return {
    partnerSlug: partner.slug,
    partnerName: partner.name,
    status: "configured",
    provider: connector.provider,
    settings,
    queueName,
    customersMapped: await countMappings(db, { partnerId: partner.id }),
    newlyMapped,
    unmatched,
    rule,
  };
}

/** Every demo partner (or only `only`'s): one result each; one partner's failure does not stop the other. */
export async function configureDemoTicketing(db: Db, options: PsaConnectorOptions = {}, only?: { partnerId: string }): Promise<DemoTicketingResult[]> {
  const order = DEMO_PARTNERS.map((p) => p.slug);
  const partners = (await partnersBySlug(db, order))
    .filter((p) => !only || p.id === only.partnerId)
    .sort((a, b) => order.indexOf(a.slug) - order.indexOf(b.slug));
  const results: DemoTicketingResult[] = [];
  for (const partner of partners) {
    const base = { partnerSlug: partner.slug, partnerName: partner.name };
    try {
      const connector = await connectorForPartner(db, partner.id, { maxRetries: 2, timeoutMs: 120_000, ...options });
      if (!connector) {
        results.push({ ...base, status: "not-connected", message: "no PSA connection" });
        continue;
      }
      results.push(await configurePartnerTicketing(db, partner, connector));
      // Demo billing: the Autotask rows just mapped also name the contract's online backup service.
      await linkDemoContractServices(db, partner).catch(() => 0);
    } catch (err) {
      results.push({ ...base, status: "failed", message: err instanceof Error ? err.message : String(err) });
    }
  }
  return results;
}

/** One line for the demo printout: "ticketing: 50 customers mapped, queue Monitoring Alert". */
export function describeDemoTicketing(r: DemoTicketingResult): string {
  if (r.status !== "configured") return `ticketing not configured (${r.message})`;
  const what = r.provider === "connectwise" ? "board" : "queue";
  const unmatched = r.unmatched ? `, ${r.unmatched} without a PSA company of the same name` : "";
  return `ticketing: ${r.customersMapped} customers mapped${unmatched}, ${what} ${r.queueName ?? "not set"}, rule "Open a ticket in ${PSA_LABEL[r.provider]}" ${r.rule === "created" ? "created" : "present"}`;
}
