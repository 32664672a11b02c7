import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, eq, inArray, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import {
  type BillingChangeRow,
  claimLeases,
  DEFAULT_BILLING_SETTINGS,
  getBillingSettingsRow,
  getChanges,
  getRunRow,
  insertChange,
  latestUsage,
  type LineInsert,
  listBilledItems,
  listOpenChanges,
  listSyncTargets,
  markLineApplied,
  releaseLeases,
  replaceLines,
  saveCustomerResult,
  setLineStatus,
  type SyncTarget,
  updateChange,
  updateRun,
} from "~/db/queries/billing";
import { billingChanges, billingCustomerState, type BillingRunStats, partners, users } from "~/db/schema";
import type { PsaConnector, PsaContract, PsaContractService } from "~/server/psa/types";

import { describeBillingFailure } from "./failures";
import {
  contractProblem,
  type CustomerFailure,
  type ItemMapping,
  type PlannedChange,
  planCustomer,
  throttleAllows,
  THROTTLE_SKIP,
  type VendorQuantity,
  wholeUnits,
} from "./plan";
import { isRevert } from "./revert";
import { type BillingRun, emptyStats } from "./runs";

/**
 * Executes a billing run. A sync reads every customer's contract and contract services /
 * additions in batched calls, compares them with the vendor's usage and writes only the
 * differences (or stores them for approval). An approval run applies approved changes after
 * reading the PSA back. Every change is committed as `applying` before its write, so a run retried
 * after a lost answer reads the PSA back and never applies a change twice. One customer's failure
 * is recorded on that customer and the others continue.
 */
export type BillingDeps = {
  connectorFor: (db: DbOrTx, partnerId: string) => Promise<PsaConnector | null>;
  now?: () => Date;
};

/** The PSA was throttled or unreachable: the job retries the run (after `retryAfterMs` when known). */
export class BillingRetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
    this.name = "BillingRetryableError";
  }
}

/** Customers per batch of PSA reads. */
const CHUNK = 500;
/** How long a customer's sync lease lasts (a crashed run's lease expires after this). */
const LEASE_MS = 10 * 60_000;

type CustomerStatus = "in_sync" | "applied" | "pending_approval" | "failed" | "skipped" | "rejected";

const STAT_KEY: Record<CustomerStatus, keyof BillingRunStats> = {
  in_sync: "inSync",
  applied: "applied",
  pending_approval: "pendingApproval",
  failed: "failed",
  skipped: "skipped",
  // Set by rejecting changes, never by a run.
  rejected: "skipped",
};

export type RunResult = { runId: string; status: BillingRun["status"]; stats: BillingRunStats; message: string | null };

export async function executeRun(db: DbOrTx, ref: { partnerId: string; runId: string }, deps: BillingDeps): Promise<RunResult> {
  const run = await getRunRow(db, ref);
  if (!run) return { runId: ref.runId, status: "failed", stats: emptyStats(), message: "This billing run does not exist." };
  if (run.status === "completed" || run.status === "failed") return { runId: run.id, status: run.status, stats: run.stats, message: run.message };
  await updateRun(db, ref, { status: "running", startedAt: run.startedAt ?? new Date() });
  const ctx = await context(db, run, deps);
  try {
    const result = run.trigger === "approval" ? await applyApproved(ctx) : await syncCustomers(ctx);
    // A revert keeps saying what it reverts.
    const message = run.message?.startsWith("Revert of") ? `${run.message.split(":")[0]}: ${result}` : result;
    await updateRun(db, ref, { status: "completed", stats: ctx.stats, message, finishedAt: new Date() });
    return { runId: run.id, status: "completed", stats: ctx.stats, message };
  } catch (err) {
    if (err instanceof BillingRetryableError) {
      await updateRun(db, ref, { stats: ctx.stats, message: `${err.message} Retrying automatically.` });
      throw err;
    }
    const message = err instanceof Error ? err.message : String(err);
    await updateRun(db, ref, { status: "failed", stats: ctx.stats, message, finishedAt: new Date() });
    return { runId: run.id, status: "failed", stats: ctx.stats, message };
  }
}

/** Marks a run failed for good (the job gave up) and frees its customers' leases. */
export async function failRun(db: DbOrTx, ref: { partnerId: string; runId: string }, message: string): Promise<void> {
  await updateRun(db, ref, { status: "failed", message, finishedAt: new Date() });
  await db
    .update(billingCustomerState)
    .set({ leaseUntil: null, leaseOwner: null })
    .where(and(eq(billingCustomerState.partnerId, ref.partnerId), eq(billingCustomerState.leaseOwner, ref.runId)));
}

type Ctx = Awaited<ReturnType<typeof context>>;

async function context(db: DbOrTx, run: BillingRun, deps: BillingDeps) {
  const now = deps.now?.() ?? new Date();
  const [partner] = await db.select({ timeZone: partners.timeZone }).from(partners).where(eq(partners.id, run.partnerId));
  const today = format(new TZDate(now, partner?.timeZone ?? "UTC"), "yyyy-MM-dd");
  let startedBy: string | null = null;
  if (run.startedByUserId) {
    const [u] = await db.select({ name: users.name }).from(users).where(and(eq(users.id, run.startedByUserId), eq(users.partnerId, run.partnerId)));
    startedBy = u?.name ?? null;
  }
  const stats = await resumedStats(db, run);
  return { db, run, deps, now, today, startedBy, stats, partnerId: run.partnerId };
}

/** A retried run starts from what its earlier attempts finished (customers already done are not redone). */
async function resumedStats(db: DbOrTx, run: BillingRun): Promise<BillingRunStats> {
  const stats = { ...emptyStats(run.stats.customers) };
  if (run.trigger === "approval") return stats;
  const rows = await db
    .select({ status: billingCustomerState.lastStatus, n: sql<number>`count(*)::int` })
    .from(billingCustomerState)
    .where(and(eq(billingCustomerState.partnerId, run.partnerId), eq(billingCustomerState.lastRunId, run.id)))
    .groupBy(billingCustomerState.lastStatus);
  for (const r of rows) {
    if (!r.status) continue;
    stats[STAT_KEY[r.status]] += r.n;
    stats.done += r.n;
  }
  const [w] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(billingChanges)
    .where(and(eq(billingChanges.partnerId, run.partnerId), eq(billingChanges.runId, run.id), eq(billingChanges.status, "applied"), sql`${billingChanges.psaRecordRef} is not null`));
  stats.writes = w?.n ?? 0;
  return stats;
}

async function count(ctx: Ctx, status: CustomerStatus) {
  ctx.stats[STAT_KEY[status]] += 1;
  ctx.stats.done += 1;
  await updateRun(ctx.db, { partnerId: ctx.partnerId, runId: ctx.run.id }, { stats: ctx.stats });
}

function appliedByLabel(ctx: Ctx): string {
  switch (ctx.run.trigger) {
    case "manual":
      return `automatic (Sync now${ctx.startedBy ? ` by ${ctx.startedBy}` : ""})`;
    case "schedule":
      return "automatic (schedule, billing day)";
    case "event":
      return "automatic (event rule)";
    case "reprocess":
      return "automatic (reprocessed event)";
    case "approval":
      return `approved by ${ctx.startedBy ?? "an admin"}`;
  }
}

function summary(stats: BillingRunStats): string {
  const parts = [
    `${stats.done} of ${stats.customers} customers`,
    `${stats.inSync} in sync`,
    `${stats.applied} updated (${stats.writes} writes)`,
    `${stats.pendingApproval} with changes waiting for approval`,
    `${stats.failed} failed`,
    `${stats.skipped} skipped`,
  ];
  return parts.join(", ") + ".";
}

// ---------------------------------------------------------------------------------------------
// Sync

async function syncCustomers(ctx: Ctx): Promise<string> {
  const { db, run, partnerId } = ctx;
  const settings = (await getBillingSettingsRow(db, partnerId)) ?? { ...DEFAULT_BILLING_SETTINGS };
  if (!settings.enabled) return "Billing sync is off: turn it on in the billing settings on Integration Setup.";
  const items: ItemMapping[] = await listBilledItems(db, partnerId);
  if (items.length === 0) return "No billable item is mapped to a PSA service: map them in the billing settings on Integration Setup.";
  const connector = await ctx.deps.connectorFor(db, partnerId);
  if (!connector) return "No PSA is connected: connect Autotask or ConnectWise on Integration Setup.";

  const targets = await listSyncTargets(db, { partnerId, customerIds: run.customerIds });
  if (ctx.stats.customers !== targets.length && ctx.stats.done === 0) ctx.stats.customers = targets.length;
  const doneBefore = new Set(
    (
      await db
        .select({ customerId: billingCustomerState.customerId })
        .from(billingCustomerState)
        .where(and(eq(billingCustomerState.partnerId, partnerId), eq(billingCustomerState.lastRunId, run.id)))
    ).map((r) => r.customerId),
  );
  const todo = targets.filter((t) => !doneBefore.has(t.customerId));
  for (let i = 0; i < todo.length; i += CHUNK) {
    await syncChunk(ctx, connector, settings, items, todo.slice(i, i + CHUNK));
  }
  return summary(ctx.stats);
}

type Settings = NonNullable<Awaited<ReturnType<typeof getBillingSettingsRow>>> | (typeof DEFAULT_BILLING_SETTINGS);

async function syncChunk(ctx: Ctx, connector: PsaConnector, settings: Settings, items: ItemMapping[], targets: SyncTarget[]) {
  const { db, partnerId, run } = ctx;
  const eligible: SyncTarget[] = [];
  for (const t of targets) {
    if (!t.mapped) {
      await count(ctx, "skipped");
      continue;
    }
    if (!t.contractId) {
      await finishCustomer(ctx, t.customerId, "failed", {
        message: "The customer has no contract on the Customer Map, so there is nothing to bill against.",
        hint: "Pick the customer's contract (Autotask) or agreement (ConnectWise) on the Customer Map, then Sync now.",
      }, false);
      continue;
    }
    if (!throttleAllows(t.lastSyncedAt, ctx.now, run.force)) {
      await count(ctx, "skipped");
      continue;
    }
    eligible.push(t);
  }
  const claimed = new Set(await claimLeases(db, { partnerId, customerIds: eligible.map((t) => t.customerId), owner: run.id, until: new Date(Date.now() + LEASE_MS) }));
  const ready: (SyncTarget & { contractId: string })[] = [];
  for (const t of eligible) {
    if (claimed.has(t.customerId)) ready.push(t as SyncTarget & { contractId: string });
    else await count(ctx, "skipped");
  }
  if (ready.length === 0) return;
  const release = () => releaseLeases(db, { partnerId, customerIds: ready.map((t) => t.customerId), owner: run.id });

  const contractIds = [...new Set(ready.map((t) => t.contractId))];
  let contracts: PsaContract[];
  let services: PsaContractService[];
  try {
    contracts = await connector.getContracts(contractIds);
    const usable = contracts.filter((c) => !contractProblem(connector.provider, c.id, c, settings)).map((c) => c.id);
    services = usable.length > 0 ? await connector.listContractServices(usable, ctx.today) : [];
  } catch (err) {
    const failure = describeBillingFailure(err);
    if (failure.retryable) {
      await release();
      throw new BillingRetryableError(failure.message, failure.retryAfterMs);
    }
    for (const t of ready) await finishCustomer(ctx, t.customerId, "failed", failure, false);
    return;
  }
  const contractById = new Map(contracts.map((c) => [c.id, c]));
  const servicesByContract = new Map<string, PsaContractService[]>();
  for (const s of services) servicesByContract.set(s.contractId, [...(servicesByContract.get(s.contractId) ?? []), s]);
  const vendor = await vendorQuantities(ctx, ready.map((t) => t.customerId), items.map((i) => i.itemCode));
  const open = await listOpenChanges(db, { partnerId, customerIds: ready.map((t) => t.customerId) });

  for (let i = 0; i < ready.length; i++) {
    const t = ready[i]!;
    try {
      await syncOne(ctx, connector, settings, items, t, {
        contract: contractById.get(t.contractId),
        services: servicesByContract.get(t.contractId) ?? [],
        vendor: vendor.get(t.customerId) ?? new Map(),
        open: open.filter((c) => c.customerId === t.customerId),
      });
    } catch (err) {
      if (err instanceof BillingRetryableError) {
        await releaseLeases(db, { partnerId, customerIds: ready.slice(i).map((r) => r.customerId), owner: run.id });
      }
      throw err;
    }
  }
}

async function vendorQuantities(ctx: Ctx, customerIds: string[], itemCodes: string[]) {
  const rows = await latestUsage(ctx.db, { partnerId: ctx.partnerId, customerIds, itemCodes, asOf: ctx.today });
  const out = new Map<string, Map<string, VendorQuantity>>();
  for (const r of rows) {
    const perItem = out.get(r.customerId) ?? new Map<string, VendorQuantity>();
    out.set(r.customerId, perItem);
    const v = perItem.get(r.itemCode) ?? { quantity: 0, accounts: [] };
    perItem.set(r.itemCode, v);
    v.quantity += r.quantity;
    if (r.accountNumber) v.accounts.push({ accountNumber: r.accountNumber, name: r.accountName, quantity: r.quantity });
  }
  return out;
}

async function finishCustomer(ctx: Ctx, customerId: string, status: CustomerStatus, failure: CustomerFailure | { message: string | null; hint: string | null }, synced: boolean) {
  await saveCustomerResult(ctx.db, {
    partnerId: ctx.partnerId,
    customerId,
    runId: ctx.run.id,
    status,
    message: failure.message,
    hint: failure.hint,
    synced,
    owner: ctx.run.id,
  });
  await count(ctx, status);
}

function sameChange(open: BillingChangeRow, planned: PlannedChange, contractId: string): boolean {
  return (
    open.psaContractId === contractId &&
    open.psaServiceId === planned.psaServiceId &&
    open.currentQuantity === planned.currentQuantity &&
    open.newQuantity === planned.newQuantity &&
    (open.invoiceDescription ?? null) === (planned.invoiceDescription ?? null)
  );
}

async function syncOne(
  ctx: Ctx,
  connector: PsaConnector,
  settings: Settings,
  items: ItemMapping[],
  t: SyncTarget & { contractId: string },
  data: { contract: PsaContract | undefined; services: PsaContractService[]; vendor: Map<string, VendorQuantity>; open: BillingChangeRow[] },
) {
  const { db, partnerId } = ctx;
  const problem = contractProblem(connector.provider, t.contractId, data.contract, settings);
  const plan = problem ? { failure: problem, lines: [], changes: [] } : planCustomer({
    provider: connector.provider,
    contract: data.contract!,
    items,
    vendor: data.vendor,
    services: data.services,
    mode: settings,
    updateInvoiceDescriptions: settings.updateInvoiceDescriptions,
  });
  if (plan.failure) {
    // The reconciliation still shows what the vendor delivered.
    await replaceLines(db, {
      partnerId,
      customerId: t.customerId,
      lines: items.map((item) => ({
        kind: "mapped" as const,
        itemCode: item.itemCode,
        psaContractId: t.contractId,
        psaServiceId: item.psaServiceId,
        psaServiceName: item.psaServiceName,
        vendorQuantity: planVendor(data.vendor, item.itemCode),
        unitPrice: item.unitPrice,
        status: "failed",
      })),
    });
    await finishCustomer(ctx, t.customerId, "failed", plan.failure, true);
    return;
  }

  // Changes left open by earlier syncs: confirm interrupted writes by reading back, keep or supersede proposals.
  const keep = new Map<string, BillingChangeRow>();
  for (const o of data.open) {
    const planned = plan.changes.find((c) => c.itemCode === o.itemCode);
    if (o.status === "applying") {
      const held = data.services.find((s) => s.serviceId === o.psaServiceId && !s.inBundle);
      if (held && held.quantity === o.newQuantity && (o.invoiceDescription === null || held.invoiceDescription === o.invoiceDescription)) {
        await updateChange(db, { partnerId, id: o.id, from: ["applying"] }, {
          status: "applied",
          appliedAt: new Date(),
          psaRecordRef: o.psaRecordRef ?? `${connector.provider === "autotask" ? "ContractService" : "Addition"}:${held.id}`,
          message: "Confirmed by reading the PSA back after an interrupted write; not written again.",
        });
      } else if (planned && sameChange(o, planned, t.contractId)) {
        // Not written yet (the run stopped before it, or the write never reached the PSA): write it now.
        keep.set(o.itemCode, o);
      } else {
        await updateChange(db, { partnerId, id: o.id, from: ["applying"] }, {
          status: "superseded",
          message: `The write was interrupted before it reached the PSA (it holds ${held?.quantity ?? 0}); this sync's preview replaces it.`,
        });
      }
      continue;
    }
    if (planned && sameChange(o, planned, t.contractId)) {
      keep.set(o.itemCode, o);
      continue;
    }
    const now = data.services.find((s) => s.serviceId === o.psaServiceId && !s.inBundle)?.quantity ?? 0;
    await updateChange(db, { partnerId, id: o.id, from: ["pending_approval", "approved"] }, {
      status: "superseded",
      message: `Superseded by the sync of ${ctx.today}: the PSA holds ${now} and the vendor quantity is ${planVendor(data.vendor, o.itemCode)}.`,
    });
  }

  const toApply: BillingChangeRow[] = [];
  let waiting = 0;
  for (const c of plan.changes) {
    const kept = keep.get(c.itemCode);
    if (kept) {
      if (kept.status === "pending_approval") waiting++;
      if (kept.status === "applying") toApply.push(kept);
      continue;
    }
    const row = await insertChange(db, {
      partnerId,
      runId: ctx.run.id,
      customerId: t.customerId,
      itemCode: c.itemCode,
      psaContractId: t.contractId,
      psaContractName: data.contract?.name ?? t.contractName,
      psaServiceId: c.psaServiceId,
      psaServiceName: c.psaServiceName,
      psaContractServiceId: c.psaContractServiceId,
      currentQuantity: c.currentQuantity,
      newQuantity: c.newQuantity,
      unitPrice: c.unitPrice,
      unitCost: c.unitCost,
      lessIncluded: c.lessIncluded,
      effectiveDate: ctx.today,
      invoiceDescription: c.invoiceDescription,
      currentInvoiceDescription: c.currentInvoiceDescription,
      status: c.approvalReason ? "pending_approval" : "applying",
      reason: c.approvalReason,
      appliedBy: c.approvalReason ? null : appliedByLabel(ctx),
    });
    if (c.approvalReason) waiting++;
    else toApply.push(row);
  }

  const lines: LineInsert[] = plan.lines.map((l) => {
    const change = plan.changes.find((c) => c.itemCode === l.itemCode);
    const waits = l.status === "change" && change && (change.approvalReason || keep.get(change.itemCode)?.status === "pending_approval");
    return {
      kind: l.kind,
      itemCode: l.itemCode,
      psaContractId: t.contractId,
      psaServiceId: l.psaServiceId,
      psaServiceName: l.psaServiceName,
      psaContractServiceId: l.psaContractServiceId,
      vendorQuantity: l.vendorQuantity,
      psaQuantity: l.psaQuantity,
      psaQuantityAfter: l.psaQuantity,
      lessIncluded: l.lessIncluded,
      unitPrice: l.unitPrice,
      status: l.status === "change" ? (waits ? "pending_approval" : "applying") : l.status,
    };
  });
  await replaceLines(db, { partnerId, customerId: t.customerId, lines });

  let failure: CustomerFailure | null = null;
  let applied = 0;
  for (const change of toApply) {
    const result = await writeChange(ctx, connector, change);
    if (result.ok) applied++;
    else failure ??= result.failure;
  }
  const status: CustomerStatus = failure ? "failed" : waiting > 0 ? "pending_approval" : applied > 0 ? "applied" : "in_sync";
  const message = failure
    ? failure.message
    : status === "pending_approval"
      ? `${waiting} change${waiting === 1 ? "" : "s"} wait${waiting === 1 ? "s" : ""} for approval on the Billing page${applied ? `; ${applied} written` : ""}.`
      : status === "applied"
        ? `${applied} change${applied === 1 ? "" : "s"} written to the PSA.`
        : "In sync: the PSA already holds the vendor's quantities.";
  await finishCustomer(ctx, t.customerId, status, { message, hint: failure?.hint ?? null }, true);
}

function planVendor(vendor: Map<string, VendorQuantity>, itemCode: string): number {
  return wholeUnits(vendor.get(itemCode)?.quantity ?? 0);
}

/** Writes one change committed as `applying`; a throttled / unreachable PSA leaves it applying and retries the run. */
async function writeChange(ctx: Ctx, connector: PsaConnector, change: BillingChangeRow): Promise<{ ok: true } | { ok: false; failure: CustomerFailure }> {
  const { db, partnerId } = ctx;
  try {
    const creating = change.psaContractServiceId === null;
    const { ref } = await connector.applyQuantityChange({
      contractId: change.psaContractId,
      serviceId: change.psaServiceId,
      contractServiceId: change.psaContractServiceId,
      currentQuantity: change.currentQuantity,
      newQuantity: change.newQuantity,
      effectiveDate: change.effectiveDate,
      // Prices are set only on a contract service / addition PSA Relay creates; existing ones keep the PSA's.
      unitPrice: creating ? change.unitPrice : null,
      unitCost: creating ? change.unitCost : null,
      invoiceDescription: change.invoiceDescription,
    });
    const record = connector.provider === "autotask" && /^\d+$/.test(ref) ? `ContractServiceAdjustment:${ref}` : connector.provider === "connectwise" && /^\d+$/.test(ref) ? `Addition:${ref}` : ref;
    await updateChange(db, { partnerId, id: change.id, from: ["applying"] }, { status: "applied", appliedAt: new Date(), psaRecordRef: record, message: null });
    await markLineApplied(db, {
      partnerId,
      customerId: change.customerId,
      itemCode: change.itemCode,
      quantity: change.newQuantity,
      contractServiceId: connector.provider === "connectwise" && /^\d+$/.test(ref) ? ref : null,
    });
    ctx.stats.writes += 1;
    return { ok: true };
  } catch (err) {
    const failure = describeBillingFailure(err);
    if (failure.retryable) throw new BillingRetryableError(failure.message, failure.retryAfterMs);
    await updateChange(db, { partnerId, id: change.id, from: ["applying"] }, { status: "failed", message: `${failure.message} ${failure.hint}` });
    await setLineStatus(db, { partnerId, customerId: change.customerId, itemCode: change.itemCode, status: "failed" });
    return { ok: false, failure };
  }
}

// ---------------------------------------------------------------------------------------------
// Approved changes

async function applyApproved(ctx: Ctx): Promise<string> {
  const { db, run, partnerId } = ctx;
  const connector = await ctx.deps.connectorFor(db, partnerId);
  const changes = (await getChanges(db, { partnerId, changeIds: run.changeIds ?? [] })).filter((c) => c.status === "approved" || c.status === "applying");
  if (!connector) {
    for (const c of changes) {
      await updateChange(db, { partnerId, id: c.id, from: ["approved"] }, { status: "failed", message: "No PSA is connected: connect it on Integration Setup and approve again." });
    }
    return "No PSA is connected: connect Autotask or ConnectWise on Integration Setup.";
  }
  const customerIds = [...new Set(changes.map((c) => c.customerId))];
  ctx.stats.customers = customerIds.length;
  const claimed = new Set(await claimLeases(db, { partnerId, customerIds, owner: run.id, until: new Date(Date.now() + LEASE_MS) }));
  const busy = customerIds.filter((id) => !claimed.has(id));
  if (busy.length > 0) {
    // Another sync of these customers is running: let the job retry once it is done.
    await releaseLeases(db, { partnerId, customerIds: [...claimed], owner: run.id });
    throw new BillingRetryableError(`${busy.length} customer(s) are being synchronized right now.`, 15_000);
  }
  let services: PsaContractService[];
  try {
    services = await connector.listContractServices([...new Set(changes.map((c) => c.psaContractId))], ctx.today);
  } catch (err) {
    const failure = describeBillingFailure(err);
    await releaseLeases(db, { partnerId, customerIds, owner: run.id });
    if (failure.retryable) throw new BillingRetryableError(failure.message, failure.retryAfterMs);
    for (const c of changes) await updateChange(db, { partnerId, id: c.id, from: ["approved"] }, { status: "failed", message: `${failure.message} ${failure.hint}` });
    return failure.message;
  }

  for (const customerId of customerIds) {
    let failure: CustomerFailure | null = null;
    let applied = 0;
    for (const c of changes.filter((x) => x.customerId === customerId)) {
      const held = services.find((s) => s.contractId === c.psaContractId && s.serviceId === c.psaServiceId && !s.inBundle);
      const quantity = held?.quantity ?? 0;
      const descriptionDone = c.invoiceDescription === null || held?.invoiceDescription === c.invoiceDescription;
      if (held && quantity === c.newQuantity && descriptionDone) {
        await updateChange(db, { partnerId, id: c.id, from: ["approved", "applying"] }, {
          status: "applied",
          appliedAt: new Date(),
          appliedBy: c.appliedBy ?? appliedByLabel(ctx),
          psaRecordRef: c.psaRecordRef ?? `${connector.provider === "autotask" ? "ContractService" : "Addition"}:${held.id}`,
          message: c.status === "applying" ? "Confirmed by reading the PSA back after an interrupted write; not written again." : "The PSA already held this quantity; nothing was written.",
        });
        await markLineApplied(db, { partnerId, customerId, itemCode: c.itemCode, quantity, contractServiceId: null });
        applied++;
        continue;
      }
      if (quantity !== c.currentQuantity) {
        await updateChange(db, { partnerId, id: c.id, from: ["approved", "applying"] }, {
          status: "superseded",
          message: `The PSA quantity changed from ${c.currentQuantity} to ${quantity} since the preview; nothing was written. Run Sync now for a new preview.`,
        });
        await setLineStatus(db, { partnerId, customerId, itemCode: c.itemCode, status: "superseded" });
        continue;
      }
      const row = await updateChange(db, { partnerId, id: c.id, from: ["approved", "applying"] }, {
        status: "applying",
        appliedBy: `${isRevert(c.reason) ? "reverted" : "approved"} by ${(await userName(db, partnerId, c.decidedByUserId)) ?? ctx.startedBy ?? "an admin"}`,
        psaContractServiceId: c.psaContractServiceId ?? held?.id ?? null,
      });
      if (!row) continue;
      try {
        const result = await writeChange(ctx, connector, row);
        if (result.ok) applied++;
        else failure ??= result.failure;
      } catch (err) {
        await releaseLeases(db, { partnerId, customerIds, owner: run.id });
        throw err;
      }
    }
    const [pending] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(billingChanges)
      .where(and(eq(billingChanges.partnerId, partnerId), eq(billingChanges.customerId, customerId), inArray(billingChanges.status, ["pending_approval"])));
    const status: CustomerStatus = failure ? "failed" : (pending?.n ?? 0) > 0 ? "pending_approval" : applied > 0 ? "applied" : "in_sync";
    const message = failure?.message ?? (applied > 0 ? `${applied} approved change${applied === 1 ? "" : "s"} written to the PSA.` : "Nothing was written: the PSA changed since the preview.");
    await saveCustomerResult(db, { partnerId, customerId, runId: run.id, status, message, hint: failure?.hint ?? null, synced: false, owner: run.id });
    await count(ctx, status);
  }
  return summary(ctx.stats);
}

async function userName(db: DbOrTx, partnerId: string, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [u] = await db.select({ name: users.name }).from(users).where(and(eq(users.id, userId), eq(users.partnerId, partnerId)));
  return u?.name ?? null;
}

export { THROTTLE_SKIP };
