import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, eq, isNotNull } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { getChanges, getRunRow, listOpenChanges } from "~/db/queries/billing";
import { billingChanges, billingRuns, partners } from "~/db/schema";
import { AppError } from "~/server/errors/app-error";

import { type BillingRun, emptyStats, queueRun } from "./runs";

/**
 * Revert of a run: every change the run got into the PSA is written back to the quantity it
 * replaced, as approved changes applied by an approval run. That run reads the PSA first and writes
 * only where the PSA still holds what the run wrote; a quantity changed since is left alone
 * (superseded). Items with a change waiting for approval are left out and reported.
 */
export const REVERT_REASON = "revert";

export type RevertResult = { reverting: number; skipped: number; run: BillingRun };

export async function revertRun(db: DbOrTx, input: { partnerId: string; userId: string; runId: string }): Promise<RevertResult> {
  const run = await getRunRow(db, input);
  if (!run) throw new AppError("NOT_FOUND", "This sync run does not exist.");
  if (run.status === "queued" || run.status === "running") throw new AppError("BAD_REQUEST", "This run is still running: revert it once it has finished.");
  const written =
    run.trigger === "approval"
      ? (await getChanges(db, { partnerId: input.partnerId, changeIds: run.changeIds ?? [] })).filter((c) => c.status === "applied" && c.psaRecordRef)
      : await db
          .select()
          .from(billingChanges)
          .where(and(eq(billingChanges.partnerId, input.partnerId), eq(billingChanges.runId, run.id), eq(billingChanges.status, "applied"), isNotNull(billingChanges.psaRecordRef)));
  const changes = written.filter((c) => c.currentQuantity !== c.newQuantity || c.invoiceDescription !== null);
  if (changes.length === 0) throw new AppError("BAD_REQUEST", "This run wrote nothing to the PSA, so there is nothing to revert.");

  const open = await listOpenChanges(db, { partnerId: input.partnerId, customerIds: [...new Set(changes.map((c) => c.customerId))] });
  const busy = new Set(open.map((o) => `${o.customerId}:${o.itemCode}`));
  const todo = changes.filter((c) => !busy.has(`${c.customerId}:${c.itemCode}`));
  if (todo.length === 0) {
    throw new AppError("BAD_REQUEST", "Every item this run changed has a newer change waiting for approval: approve or reject those first, then revert.");
  }
  const [partner] = await db.select({ timeZone: partners.timeZone }).from(partners).where(eq(partners.id, input.partnerId));
  const today = format(new TZDate(new Date(), partner?.timeZone ?? "UTC"), "yyyy-MM-dd");
  const when = format(new TZDate(run.createdAt, partner?.timeZone ?? "UTC"), "yyyy-MM-dd HH:mm");

  const created = await db.transaction(async (tx) => {
    const [approval] = await tx
      .insert(billingRuns)
      .values({ partnerId: input.partnerId, trigger: "approval", force: true, stats: emptyStats(new Set(todo.map((c) => c.customerId)).size), startedByUserId: input.userId, message: `Revert of the run of ${when}` })
      .returning();
    const rows = await tx
      .insert(billingChanges)
      .values(
        todo.map((c) => ({
          partnerId: input.partnerId,
          runId: approval!.id,
          customerId: c.customerId,
          itemCode: c.itemCode,
          psaContractId: c.psaContractId,
          psaContractName: c.psaContractName,
          psaServiceId: c.psaServiceId,
          psaServiceName: c.psaServiceName,
          psaContractServiceId: c.psaContractServiceId ?? (c.psaRecordRef?.startsWith("Addition:") ? c.psaRecordRef.slice("Addition:".length) : null),
          currentQuantity: c.newQuantity,
          newQuantity: c.currentQuantity,
          unitPrice: c.unitPrice,
          unitCost: c.unitCost,
          lessIncluded: c.lessIncluded,
          effectiveDate: today,
          invoiceDescription: c.invoiceDescription !== null ? (c.currentInvoiceDescription ?? "") : null,
          currentInvoiceDescription: c.invoiceDescription,
          status: "approved" as const,
          reason: `${REVERT_REASON} of the run of ${when}`,
          decidedByUserId: input.userId,
          decidedAt: new Date(),
        })),
      )
      .returning({ id: billingChanges.id });
    const [withChanges] = await tx
      .update(billingRuns)
      .set({ changeIds: rows.map((r) => r.id) })
      .where(and(eq(billingRuns.partnerId, input.partnerId), eq(billingRuns.id, approval!.id)))
      .returning();
    return withChanges!;
  });
  return { reverting: todo.length, skipped: changes.length - todo.length, run: await queueRun(db, created) };
}

/** Whether a change is the revert of an earlier one (for the audit trail's wording). */
export function isRevert(reason: string | null): boolean {
  return reason?.startsWith(REVERT_REASON) === true;
}
