import type { DbOrTx } from "~/db";
import { customerMappings, notificationRules, ticketSettings } from "~/db/schema";
import { createAccount, createCustomer, createPartner } from "~/db/seed/factories";
import { connectorFor as cwConnectorFor, newTenant as newCwTenant } from "~/server/psa/connectwise/test-support";
import type { PsaConnector, PsaConnectorOptions, PsaProvider } from "~/server/psa/types";
import { getAutotaskSandboxTenantView } from "~/server/sandbox/autotask";
import { sandboxAdminToken } from "~/server/sandbox/common/admin-access";
import { type AutotaskSandboxHarness, startAutotaskSandbox } from "~/server/sandbox/autotask/testing";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { handleConnectWiseSandbox } from "~/server/sandbox/connectwise";
import { connectWiseTestCredentials } from "~/server/sandbox/connectwise/demo";
import { listSandboxTickets } from "~/server/sandbox/connectwise/views";
import { connectorForPartner, storeConnection } from "~/server/services/psa-connections/service";

import type { TicketDeps } from "./lifecycle";

/**
 * Integration-test wiring for the ticket lifecycle: a sandbox (Autotask or ConnectWise) served over
 * HTTP, a tenant with customer companies, a partner connected to it with ticket settings, a rule
 * and mapped customers, and views of the tickets the sandbox holds.
 */
export type SandboxTicket = { id: string; externalRef: string | null; status: string | null; notes: number };

export type TicketSandbox = {
  provider: PsaProvider;
  /** Creates a tenant with these customer companies; returns its handles. */
  tenant(customerNames: string[]): Promise<TicketTenant>;
  close(): Promise<void>;
};

export type TicketTenant = {
  /** A connector acting as a technician in the PSA (same API, separate connection). */
  technician: PsaConnector;
  connection: { settings: Record<string, string>; secrets: Record<string, string> };
  tickets(): SandboxTicket[];
  /** Sets faults through the sandbox's HTTP _admin endpoint. */
  setFaults(faults: Record<string, unknown>): Promise<void>;
};

async function putFaults(url: string, faults: Record<string, unknown>) {
  const res = await fetch(url, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${sandboxAdminToken()}` },
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`Setting sandbox faults failed: HTTP ${res.status} ${await res.text()}`);
}

const ours = (t: SandboxTicket) => t.externalRef?.startsWith("psarelay:") === true;

export async function startTicketSandbox(provider: PsaProvider): Promise<TicketSandbox> {
  if (provider === "autotask") {
    const harness: AutotaskSandboxHarness = await startAutotaskSandbox();
    return {
      provider,
      async tenant(customerNames) {
        const seeded = harness.tenant({ customerNames });
        return {
          technician: harness.connector(seeded).connector,
          connection: {
            settings: { username: seeded.credentials.username, integrationCode: seeded.credentials.integrationCode, zoneDiscoveryUrl: harness.zoneDiscoveryUrl },
            secrets: { secret: seeded.credentials.secret },
          },
          tickets: () =>
            (getAutotaskSandboxTenantView(seeded.tenantId, { limit: 100_000 })?.tickets ?? [])
              .map((t) => ({ id: String(t.id), externalRef: t.externalId, status: t.status, notes: t.notes.length }))
              .filter(ours),
          setFaults: (faults) => putFaults(`${harness.url}/sandbox/autotask/_admin/tenants/${seeded.tenantId}/faults`, faults),
        };
      },
      close: () => harness.close(),
    };
  }
  const server = await serveFetchHandler(handleConnectWiseSandbox);
  return {
    provider,
    async tenant(customerNames) {
      const { seeded } = newCwTenant({ customers: customerNames });
      const creds = connectWiseTestCredentials(server.url, seeded);
      return {
        technician: cwConnectorFor(server.url, seeded).connector,
        connection: {
          settings: { siteUrl: creds.siteUrl, companyId: creds.companyId, publicKey: creds.publicKey, clientId: creds.clientId },
          secrets: { privateKey: creds.privateKey },
        },
        tickets: () =>
          listSandboxTickets(seeded.companyId, 100_000)
            .map((t) => ({ id: String(t.id), externalRef: t.externalXRef, status: t.status, notes: t.notes.length }))
            .filter(ours),
        setFaults: (faults) => putFaults(`${server.url}/sandbox/connectwise/_admin/tenants/${seeded.companyId}/faults`, faults),
      };
    },
    close: () => server.close(),
  };
}

/** PSA choices a partner would pick on Integration Setup, read from the PSA itself. */
export async function psaChoices(connector: PsaConnector) {
  const queues = await connector.listQueues();
  const queue = queues.find((q) => q.isActive) ?? queues[0]!;
  const statuses = await connector.listTicketStatuses(queue.id);
  const open = statuses.filter((s) => !s.isClosed && s.isActive);
  const completed = statuses.find((s) => s.isClosed && s.isActive) ?? statuses.find((s) => s.isClosed)!;
  const priorities = await connector.listPriorities();
  const priority = priorities.find((p) => p.isActive) ?? priorities[0]!;
  return { queue, newStatus: open[0]!, otherOpenStatus: open[1]!, completed, priority };
}

export type Setup = {
  partnerId: string;
  customers: { id: string; name: string; accounts: { id: string }[] }[];
  choices: Awaited<ReturnType<typeof psaChoices>>;
};

/**
 * A partner connected to the tenant, with ticket settings, an "open a ticket" rule and its
 * customers mapped to the tenant's companies (unless `unmapped`).
 */
export async function setupPartner(
  db: DbOrTx,
  provider: PsaProvider,
  tenant: TicketTenant,
  opts: { customerNames: string[]; accountsPerCustomer?: number; unmapped?: string[]; rule?: boolean; ticketing?: boolean; connected?: boolean },
): Promise<Setup> {
  const partner = await createPartner(db);
  if (opts.connected !== false) await storeConnection(db, { partnerId: partner.id, userId: null }, { provider, ...tenant.connection, accountInfo: null });
  const choices = await psaChoices(tenant.technician);
  const mappingRow = { priorityId: choices.priority.id, queueId: choices.queue.id, dueDays: 1 };
  await db.insert(ticketSettings).values({
    partnerId: partner.id,
    subjectPrefix: "[Backup]",
    queueId: opts.ticketing === false ? null : choices.queue.id,
    defaultPriorityId: choices.priority.id,
    newStatusId: choices.newStatus.id,
    completedStatusId: choices.completed.id,
    alertMapping: { ok: mappingRow, warning: { ...mappingRow, dueDays: 3 }, error: mappingRow },
  });
  if (opts.rule !== false) await db.insert(notificationRules).values({ partnerId: partner.id, name: "Tickets", action: "ticket", severities: ["warning", "error"] });
  const companies = await tenant.technician.listCompanies();
  const customers: Setup["customers"] = [];
  for (const name of opts.customerNames) {
    const customer = await createCustomer(db, { partnerId: partner.id, name });
    const accounts = [];
    for (let i = 0; i < (opts.accountsPerCustomer ?? 1); i++) accounts.push(await createAccount(db, { partnerId: partner.id, customerId: customer.id }));
    customers.push({ id: customer.id, name, accounts });
    if (opts.unmapped?.includes(name)) continue;
    const company = companies.find((c) => c.name === name);
    if (!company) throw new Error(`The sandbox tenant has no company named ${name}`);
    await db.insert(customerMappings).values({ partnerId: partner.id, customerId: customer.id, psaCompanyId: company.id, psaCompanyName: company.name });
  }
  return { partnerId: partner.id, customers, choices };
}

export function testDeps(extra: Partial<TicketDeps> & { connector?: PsaConnectorOptions } = {}): TicketDeps {
  const { connector, ...rest } = extra;
  return {
    connectorFor: (db, partnerId) => connectorForPartner(db, partnerId, { backoffBaseMs: 2, maxRetries: 3, timeoutMs: 5_000, ...connector }),
    appUrl: "http://portal.test",
    ...rest,
  };
}
