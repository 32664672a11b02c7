import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { setDbHandle } from "~/db";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { getAutotaskSandboxTenantView, handleAutotaskSandbox } from "~/server/sandbox/autotask";
import { dayWindow } from "~/server/services/tickets/digest-text";
import { digestWorld, eventsOnDay } from "~/server/services/tickets/digest-test-kit";
import { createTestDatabase } from "~/server/testing/test-db";

import { dailyDigest } from "./daily-digest";
import { functions } from "./index";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let at: Awaited<ReturnType<typeof serveFetchHandler>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
  at = await serveFetchHandler(handleAutotaskSandbox);
});
afterAll(async () => {
  setDbHandle(undefined);
  await at?.close();
  await handle?.close();
});

type RunResult = { due: number; partners: { partnerId: string; day: string; status: string; sent?: number; alreadySent?: number; skipped?: number }[] };

/** A fresh engine per tick (an engine memoises step results across its executions). */
async function tick(at: Date): Promise<RunResult> {
  const { result, error } = await new InngestTestEngine({ function: dailyDigest }).execute({
    events: [{ name: "inngest/scheduled.timer", data: { cron: "5 * * * *" }, ts: at.getTime() }],
  });
  expect(error).toBeUndefined();
  return result as RunResult;
}

describe("daily-digest", () => {
  it("runs hourly at :05, one run at a time, and is registered", () => {
    expect(dailyDigest.opts.triggers).toEqual([{ cron: "5 * * * *" }]);
    expect(dailyDigest.opts.concurrency).toBe(1);
    expect(functions).toContain(dailyDigest);
  });

  it("sends yesterday's digest to partners whose digest hour it is in their time zone, once", async () => {
    const names = ["Fjord Marine", "Granite Works"];
    // 2026-11-21 07:05 in New York = 12:05 UTC; in Tokyo it is 21:05 then.
    const now = new Date("2026-11-21T12:05:00Z");
    const due = await digestWorld(handle.db, { provider: "autotask", sandboxUrl: at.url, timeZone: "America/New_York", digestEnabled: true, digestHour: 7, names, mapped: 2 });
    const notYet = await digestWorld(handle.db, { provider: "autotask", sandboxUrl: at.url, timeZone: "Asia/Tokyo", digestEnabled: true, digestHour: 7, names, mapped: 2 });
    const off = await digestWorld(handle.db, { provider: "autotask", sandboxUrl: at.url, timeZone: "America/New_York", digestEnabled: false, digestHour: 7, names, mapped: 2 });
    await eventsOnDay(handle.db, due, dayWindow("2026-11-20", "America/New_York"));
    await eventsOnDay(handle.db, notYet, dayWindow("2026-11-20", "Asia/Tokyo"));
    await eventsOnDay(handle.db, off, dayWindow("2026-11-20", "America/New_York"));
    const digestTickets = (tenantId: string) => getAutotaskSandboxTenantView(tenantId)!.tickets.filter((t) => t.externalId?.startsWith("psarelay-digest-"));

    const first = await tick(now);
    const mine = first.partners.filter((p) => [due.partnerId, notYet.partnerId, off.partnerId].includes(p.partnerId));
    expect(mine).toEqual([expect.objectContaining({ partnerId: due.partnerId, day: "2026-11-20", status: "done", sent: 2 })]);
    expect(digestTickets(due.tenantId).map((t) => t.title).sort()).toEqual([
      "[Backup] Daily backup summary — Fjord Marine — 2026-11-20",
      "[Backup] Daily backup summary — Granite Works — 2026-11-20",
    ]);
    expect(digestTickets(notYet.tenantId)).toHaveLength(0);
    expect(digestTickets(off.tenantId)).toHaveLength(0);

    // The same hour again (a retry or a second tick): nothing new.
    const second = await tick(new Date("2026-11-21T12:35:00Z"));
    expect(second.partners.find((p) => p.partnerId === due.partnerId)).toMatchObject({ sent: 0, alreadySent: 2 });
    expect(digestTickets(due.tenantId)).toHaveLength(2);

    // Tokyo's 07:05 on 2026-11-21 is 22:05 UTC on 2026-11-20.
    const tokyo = await tick(new Date("2026-11-20T22:05:00Z"));
    expect(tokyo.partners.find((p) => p.partnerId === notYet.partnerId)).toMatchObject({ day: "2026-11-20", sent: 2 });
    expect(digestTickets(notYet.tenantId)).toHaveLength(2);
  });
});
