import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getNotificationRule } from "~/db/queries/notification-rules";
import { psaConnections, ticketSettings } from "~/db/schema";
import { createAccount, createCustomer, createEvents, createPartner } from "~/db/seed/factories";
import { AppError } from "~/server/errors/app-error";
import { createTestDatabase } from "~/server/testing/test-db";

import { createRule, deleteRule, listRules, setRuleEnabled, updateRule } from "./rules";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const row = { priorityId: null, queueId: null, dueDays: 1 };

async function rejection(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("notification rules service", () => {
  it("creates a rule with the defaults, normalizing chosen types and severities", async () => {
    const partner = await createPartner(handle.db);
    const rule = await createRule(handle.db, partner.id, { name: "  Failures  ", action: "ticket" });
    expect(rule).toMatchObject({
      partnerId: partner.id,
      name: "Failures",
      action: "ticket",
      allTypes: true,
      eventTypes: [],
      severities: ["warning", "error"],
      enabled: true,
    });
    const chosen = await createRule(handle.db, partner.id, {
      name: "Chosen",
      action: "billing",
      allTypes: false,
      eventTypes: ["restore", "backup", "restore"],
      severities: ["error", "ok"],
    });
    expect(chosen.eventTypes).toEqual(["backup", "restore"]);
    expect(chosen.severities).toEqual(["ok", "error"]);
  });

  it("says which rule wins: a new rule under an earlier 'all types' rule of the action is shadowed by it", async () => {
    const partner = await createPartner(handle.db);
    const all = await createRule(handle.db, partner.id, { name: "All failures", action: "ticket" });
    const backup = await createRule(handle.db, partner.id, { name: "Backup errors", action: "ticket", allTypes: false, eventTypes: ["backup"], severities: ["error"] });
    const billing = await createRule(handle.db, partner.id, { name: "Billing", action: "billing" });
    const withOk = await createRule(handle.db, partner.id, { name: "Backup recoveries", action: "ticket", allTypes: false, eventTypes: ["backup"], severities: ["ok"] });
    const byId = new Map((await listRules(handle.db, partner.id)).rules.map((r) => [r.id, r.shadowedBy]));
    expect(byId.get(all.id)).toBeNull();
    expect(byId.get(backup.id)).toEqual({ id: all.id, name: "All failures" });
    expect(byId.get(billing.id)).toBeNull();
    // OK is a severity like the others: the earlier rule does not take OK events, so this one acts on them.
    expect(byId.get(withOk.id)).toBeNull();
    // Switching the earlier rule off lets the later one act.
    await setRuleEnabled(handle.db, partner.id, { id: all.id, enabled: false });
    expect((await listRules(handle.db, partner.id)).rules.find((r) => r.id === backup.id)?.shadowedBy).toBeNull();
  });

  it("refuses bad input with a message naming the field and stores nothing", async () => {
    const partner = await createPartner(handle.db);
    const err = await rejection(createRule(handle.db, partner.id, { name: "x", action: "ticket", severities: [] }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(/severities/);
    expect((await listRules(handle.db, partner.id)).rules).toEqual([]);
  });

  it("updates, switches and deletes only the partner's own rules", async () => {
    const a = await createPartner(handle.db);
    const b = await createPartner(handle.db);
    const rule = await createRule(handle.db, a.id, { name: "A rule", action: "ticket" });

    const updated = await updateRule(handle.db, a.id, { id: rule.id, allTypes: false, eventTypes: ["backup"], severities: ["error", "ok"] });
    expect(updated).toMatchObject({ name: "A rule", allTypes: false, eventTypes: ["backup"], severities: ["ok", "error"] });
    // Back to all types clears the chosen list.
    expect((await updateRule(handle.db, a.id, { id: rule.id, allTypes: true })).eventTypes).toEqual([]);
    expect((await setRuleEnabled(handle.db, a.id, { id: rule.id, enabled: false })).enabled).toBe(false);

    // Partner B reaches for A's rule by id: not found, and A's rule is untouched.
    expect((await rejection(updateRule(handle.db, b.id, { id: rule.id, name: "taken" }))).code).toBe("NOT_FOUND");
    expect((await rejection(setRuleEnabled(handle.db, b.id, { id: rule.id, enabled: true }))).code).toBe("NOT_FOUND");
    expect((await rejection(deleteRule(handle.db, b.id, rule.id))).code).toBe("NOT_FOUND");
    expect(await getNotificationRule(handle.db, { partnerId: a.id, id: rule.id })).toMatchObject({ name: "A rule", enabled: false });
    expect((await listRules(handle.db, b.id)).rules).toEqual([]);

    await deleteRule(handle.db, a.id, rule.id);
    expect(await getNotificationRule(handle.db, { partnerId: a.id, id: rule.id })).toBeNull();
    expect((await rejection(deleteRule(handle.db, a.id, rule.id))).code).toBe("NOT_FOUND");
  });

  it("lists the partner's known event types and says whether ticketing can happen", async () => {
    const partner = await createPartner(handle.db);
    const other = await createPartner(handle.db);
    const customer = await createCustomer(handle.db, { partnerId: partner.id });
    const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id });
    await createEvents(handle.db, ["backup", "restore", "backup"].map((type) => ({ partnerId: partner.id, customerId: customer.id, accountId: account.id, type })));

    let page = await listRules(handle.db, partner.id);
    expect(page.knownTypes).toEqual(["backup", "restore"]);
    expect(page.ticketing).toMatchObject({ provider: null, psaName: null, queueMapped: false, hasTicketRule: false });
    expect(page.ticketing.problems).toEqual(["No PSA is connected — tickets will not be opened until you connect one on Integration Setup."]);

    await handle.db.insert(psaConnections).values({ partnerId: partner.id, provider: "connectwise", settings: {}, sealedSecrets: "x", status: "connected" });
    const rule = await createRule(handle.db, partner.id, { name: "Tickets", action: "ticket" });
    page = await listRules(handle.db, partner.id);
    expect(page.ticketing).toMatchObject({ provider: "connectwise", psaName: "ConnectWise", queueMapped: false, hasTicketRule: true });
    expect(page.ticketing.problems).toEqual(["No queue/board is mapped — tickets will not be opened until you pick one on Integration Setup."]);

    await handle.db.insert(ticketSettings).values({ partnerId: partner.id, queueId: "7", queueName: "Service Desk", alertMapping: { ok: row, warning: row, error: row } });
    page = await listRules(handle.db, partner.id);
    expect(page.ticketing).toMatchObject({ queueMapped: true, queueName: "Service Desk", problems: [] });

    // A switched-off rule does not count; a billing rule does not either.
    await setRuleEnabled(handle.db, partner.id, { id: rule.id, enabled: false });
    await createRule(handle.db, partner.id, { name: "Billing", action: "billing" });
    page = await listRules(handle.db, partner.id);
    expect(page.ticketing.hasTicketRule).toBe(false);
    expect(page.ticketing.problems[0]).toMatch(/^No 'Open a ticket' rule/);

    // The other partner sees none of this.
    const theirs = await listRules(handle.db, other.id);
    expect(theirs).toMatchObject({ rules: [], knownTypes: [], ticketing: { provider: null, queueMapped: false } });
  });
});
