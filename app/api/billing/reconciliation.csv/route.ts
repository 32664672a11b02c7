import { TRPCError } from "@trpc/server";

import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { auth } from "~/server/auth/config";
import { reconciliationCsv } from "~/server/services/billing/views";
import { reconciliationFileName, reconciliationFiltersSchema } from "~/server/services/billing/views-format";

export const dynamic = "force-dynamic";

function problem(status: number, message: string) {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/**
 * GET /api/billing/reconciliation.csv?q=&item=&status= — the reconciliation of the filter as CSV,
 * for the signed-in user's partner only. The partner comes from the session through the same
 * resolution the tRPC procedures use (never from the query string).
 */
export async function GET(request: Request) {
  const ctx = await createTRPCContext({ session: await auth() });
  let me;
  try {
    me = await createCaller(ctx).session.me();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") return problem(401, `${error.message} Then export the CSV again from the Billing page.`);
    throw error;
  }
  const query = new URL(request.url).searchParams;
  const parsed = reconciliationFiltersSchema.safeParse({
    search: query.get("q") || undefined,
    itemCode: query.get("item") || undefined,
    status: query.get("status") || undefined,
  });
  if (!parsed.success) return problem(400, `${parsed.error.issues[0]?.message ?? "The filters are not valid."} Export again from the Billing page.`);

  const { csv, rows, truncated, date } = await reconciliationCsv(ctx.db, { partnerId: me.partner.id, filters: parsed.data, timeZone: me.partner.timeZone });
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${reconciliationFileName(date)}"`,
      "cache-control": "no-store",
      "x-rows": String(rows),
      ...(truncated ? { "x-truncated": "true" } : {}),
    },
  });
}
