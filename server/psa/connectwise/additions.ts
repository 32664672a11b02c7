import { PsaError } from "../errors";
import type { PsaContractService, PsaQuantityChange } from "../types";
import type { ConnectWiseClient } from "./client";
import { createOnce } from "./idempotent";
import { additionToContractService, dateOnlyToCw, type PatchOp } from "./map";
import { ids } from "./metadata";
import { bracketDate } from "./query";
import { additionSchema } from "./schemas";

/** Agreement additions: what is billed, and quantity changes (PATCH, or a new addition). */
export class Additions {
  constructor(
    private readonly client: ConnectWiseClient,
    private readonly retry: { attempts: number; backoffBaseMs: number },
  ) {}

  /** Additions in effect on `asOf` (YYYY-MM-DD, default today UTC), one paged list per agreement. */
  async list(agreementIds: string[], asOf?: string): Promise<PsaContractService[]> {
    const at = bracketDate(asOf ?? new Date().toISOString().slice(0, 10));
    const conditions = `(cancelledDate = null or cancelledDate > ${at}) and (effectiveDate = null or effectiveDate <= ${at})`;
    const lists = await Promise.all(
      ids(agreementIds, "agreement id").map(async (agreementId) => {
        const rows = await this.client.listAll(`/finance/agreements/${agreementId}/additions`, additionSchema, { conditions, orderBy: "id asc" }, "Additions.list");
        return rows.map((a) => additionToContractService(a, String(agreementId)));
      }),
    );
    return lists.flat();
  }

  async applyQuantityChange(change: PsaQuantityChange): Promise<{ ref: string }> {
    const [agreementId, productId] = ids([change.contractId, change.serviceId], "agreement/product id");
    if (!Number.isFinite(change.newQuantity) || change.newQuantity < 0) {
      throw new PsaError({ kind: "invalid", provider: "connectwise", message: `An addition quantity cannot be ${change.newQuantity}.` });
    }
    const path = `/finance/agreements/${agreementId}/additions`;
    const given = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;
    const patch = async (additionId: number) => {
      const ops: PatchOp[] = [{ op: "replace", path: "quantity", value: change.newQuantity }];
      if (given(change.invoiceDescription)) ops.push({ op: "replace", path: "invoiceDescription", value: change.invoiceDescription });
      if (given(change.unitPrice)) ops.push({ op: "replace", path: "unitPrice", value: change.unitPrice });
      if (given(change.unitCost)) ops.push({ op: "replace", path: "unitCost", value: change.unitCost });
      return { ref: String((await this.client.write("PATCH", `${path}/${additionId}`, ops, additionSchema, "Additions.update")).id) };
    };
    const findExisting = async () => {
      const rows = await this.client.listAll(path, additionSchema, { conditions: `product/id = ${productId} and cancelledDate = null`, orderBy: "id asc" }, "Additions.find", 1);
      return rows[0] ? patch(rows[0].id) : null;
    };
    if (change.contractServiceId) return patch(ids([change.contractServiceId], "addition id")[0]!);
    const existing = await findExisting();
    if (existing) return existing;
    const body: Record<string, unknown> = { product: { id: productId }, quantity: change.newQuantity, billCustomer: "Billable", effectiveDate: dateOnlyToCw(change.effectiveDate) };
    if (given(change.invoiceDescription)) body.invoiceDescription = change.invoiceDescription;
    if (given(change.unitPrice)) body.unitPrice = change.unitPrice;
    if (given(change.unitCost)) body.unitCost = change.unitCost;
    return createOnce({
      ...this.retry,
      create: async () => ({ ref: String((await this.client.write("POST", path, body, additionSchema, "Additions.create")).id) }),
      findExisting,
    });
  }
}
