import type { Db } from "~/db";
import { customerMappings, ticketSettings } from "~/db/schema";
import { createAccount, createCustomer, createEvents, createPartner, createUser } from "~/db/seed/factories";
import { autotaskZoneDiscoveryUrl, seedAutotaskTenant } from "~/server/sandbox/autotask";
import { seedConnectWiseTenant } from "~/server/sandbox/connectwise";
import type { PsaConnector } from "~/server/psa/types";
import { connectorForPartner, testAndSaveConnection } from "~/server/services/psa-connections/service";

/**
 * Test kit for the digest's integration tests: a partner connected (through Test and Save) to a
 * fresh sandbox tenant whose companies are the partner's customers, ticket settings picked from the
 * PSA's own lists, and events on a given day. Not a test file; imported by digest tests only.
 */
export type DigestWorld = {
  partnerId: string;
  tenantId: string;
  connector: PsaConnector;
  customers: { id: string; name: string; mapped: boolean }[];
};

const pick = (list: { id: string; name: string }[], pattern: RegExp) => {
  const found = list.find((r) => pattern.test(r.name)) ?? list[0];
  if (!found) throw new Error(`nothing matches ${pattern}`);
  return found;
};

export async function digestWorld(
  db: Db,
  opts: { provider: "autotask" | "connectwise"; sandboxUrl: string; timeZone: string; digestEnabled: boolean; digestHour?: number; names: string[]; mapped: number },
): Promise<DigestWorld> {
  const partner = await createPartner(db, { timeZone: opts.timeZone });
  const user = await createUser(db, { partnerId: partner.id, role: "admin" });
  const ctx = { partnerId: partner.id, userId: user.id };
  let tenantId: string;
  if (opts.provider === "autotask") {
    const tenant = seedAutotaskTenant({ customerNames: opts.names });
    tenantId = tenant.tenantId;
    const saved = await testAndSaveConnection(db, ctx, { provider: "autotask", ...tenant.credentials, zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(opts.sandboxUrl) });
    if (!saved.ok) throw new Error(saved.message);
  } else {
    const tenant = seedConnectWiseTenant({ customers: opts.names });
    tenantId = tenant.companyId;
    const saved = await testAndSaveConnection(db, ctx, {
      provider: "connectwise",
      siteUrl: `${opts.sandboxUrl}/sandbox/connectwise`,
      companyId: tenant.companyId,
      publicKey: tenant.publicKey,
      privateKey: tenant.privateKey,
      clientId: tenant.clientId,
    });
    if (!saved.ok) throw new Error(saved.message);
  }
  const connector = (await connectorForPartner(db, partner.id, { maxRetries: 1, backoffBaseMs: 2, timeoutMs: 5_000 }))!;

  const queue = pick(await connector.listQueues(), opts.provider === "autotask" ? /^Monitoring Alert$/ : /^Alerts$/);
  const status = pick(await connector.listTicketStatuses(queue.id), /^New$/);
  const priority = pick(await connector.listPriorities(), /Medium|Priority 3/);
  const row = { priorityId: priority.id, queueId: queue.id, dueDays: 1 };
  await db.insert(ticketSettings).values({
    partnerId: partner.id,
    subjectPrefix: "[Backup] ",
    queueId: queue.id,
    queueName: queue.name,
    defaultPriorityId: priority.id,
    newStatusId: status.id,
    newStatusName: status.name,
    alertMapping: { ok: row, warning: row, error: row },
    digestEnabled: opts.digestEnabled,
    digestHour: opts.digestHour ?? 7,
  });

  const customers: DigestWorld["customers"] = [];
  for (const [i, name] of opts.names.entries()) {
    const customer = await createCustomer(db, { partnerId: partner.id, name });
    const mapped = i < opts.mapped;
    if (mapped) {
      const [company] = await connector.searchCompanies({ search: name, limit: 5 });
      if (!company || company.name !== name) throw new Error(`sandbox company ${name} not found`);
      await db.insert(customerMappings).values({ partnerId: partner.id, customerId: customer.id, psaCompanyId: company.id, psaCompanyName: company.name });
    }
    customers.push({ id: customer.id, name, mapped });
  }
  return { partnerId: partner.id, tenantId, connector, customers };
}

/** Two accounts per customer: successes, a warning and an error inside [from, to), and one event the day after. */
export async function eventsOnDay(db: Db, world: DigestWorld, window: { from: Date; to: Date }) {
  const at = (h: number) => new Date(window.from.getTime() + h * 3_600_000);
  for (const c of world.customers) {
    const a1 = await createAccount(db, { partnerId: world.partnerId, customerId: c.id, name: `${c.name} server` });
    const a2 = await createAccount(db, { partnerId: world.partnerId, customerId: c.id, name: `${c.name} laptop` });
    const base = { partnerId: world.partnerId, customerId: c.id };
    await createEvents(db, [
      { ...base, accountId: a1.id, type: "backup", severity: "ok", occurredAt: at(1) },
      { ...base, accountId: a1.id, type: "backup", severity: "error", occurredAt: at(2), message: "Disk full on target" },
      { ...base, accountId: a2.id, type: "backup.job", severity: "warning", occurredAt: at(3), message: "Skipped 3 locked files" },
      { ...base, accountId: a2.id, type: "backup.job", severity: "ok", occurredAt: at(4) },
      { ...base, accountId: a2.id, type: "backup", severity: "error", occurredAt: new Date(window.to.getTime() + 60_000), message: "next day" },
    ]);
  }
}
