import { sql } from "drizzle-orm";

import type { Db } from "~/db";
import { createPartner } from "~/db/seed/factories";

/**
 * Set-based bulk data for the Event Log benchmark: customers, accounts and events inserted with
 * INSERT ... SELECT generate_series, spread over the last 90 days with a realistic mix of
 * severities (~85% ok, 10% warning, 5% error) and six event types.
 */
const BATCH = 250_000;

/** Rows of a raw statement, whichever driver ran it (postgres.js: an array; PGlite: `{ rows }`). */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function loadPartner(
  db: Db,
  opts: { name: string; customers: number; accounts: number; events: number; log: (line: string) => void },
) {
  const partner = await createPartner(db, { name: opts.name });
  const p = partner.id;
  await db.execute(sql`
    insert into customers (partner_id, vendor_customer_id, name, domain)
    select ${p}, (30000 + g)::text, 'Customer ' || lpad(g::text, 3, '0'), 'customer' || g || '.example'
    from generate_series(1, ${opts.customers}::int) g`);
  await db.execute(sql`
    insert into accounts (partner_id, customer_id, account_number, name, kind)
    select ${p}, c.id, 'A-' || lpad(g::text, 5, '0'), 'Device ' || g,
      (array['server','workstation','workstation','mailbox_set','appliance'])[1 + g % 5]::account_kind
    from generate_series(1, ${opts.accounts}::int) g
    join (select id, row_number() over (order by vendor_customer_id) - 1 as n from customers where partner_id = ${p}) c
      on c.n = g % ${opts.customers}::int`);

  const started = performance.now();
  for (let offset = 0; offset < opts.events; offset += BATCH) {
    const upto = Math.min(opts.events, offset + BATCH);
    await db.execute(sql`
      with acc as (
        select id, customer_id, row_number() over (order by account_number) - 1 as n
        from accounts where partner_id = ${p}
      ), gen as (
        select g, random() as rs, random() as rt,
          date_trunc('milliseconds', now() - random() * interval '90 days') as at
        from generate_series(${offset + 1}::int, ${upto}::int) g
      )
      insert into events (partner_id, vendor_event_id, customer_id, account_id, type, severity, occurred_at,
                          received_at, message, details, status, processed_at, ticket_numbers)
      select ${p}, 'bench-' || gen.g, acc.customer_id, acc.id,
        case when rt < 0.50 then 'backup' when rt < 0.65 then 'replication' when rt < 0.75 then 'appliance_health'
             when rt < 0.85 then 'archiving' when rt < 0.95 then 'email_security' else 'restore' end,
        (case when rs < 0.85 then 'ok' when rs < 0.95 then 'warning' else 'error' end)::severity,
        gen.at, gen.at + interval '2 seconds',
        case when rs < 0.85 then 'Completed' when rs < 0.95 then 'Completed with warnings' else 'Failed: destination unreachable' end,
        jsonb_build_object('jobId', gen.g, 'durationSeconds', (rt * 3600)::int),
        'processed', gen.at + interval '3 seconds',
        -- Failures opened a PSA ticket (what the Event Log search finds by number).
        case when rs >= 0.95 then 'T' || to_char(gen.at, 'YYYYMMDD') || '.' || lpad((gen.g % 10000)::text, 4, '0') end
      from gen join acc on acc.n = (gen.g::bigint * 7919) % ${opts.accounts}::int`);
    opts.log(`  ${opts.name}: ${upto.toLocaleString("en")} events (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }

  // Denormalised "latest event" columns, as the ingest API keeps them.
  await db.execute(sql`
    update accounts a set last_event_at = e.occurred_at, last_event_severity = e.severity, last_event_type = e.type
    from (select distinct on (account_id) account_id, occurred_at, severity, type from events
          where partner_id = ${p} order by account_id, occurred_at desc, id desc) e
    where a.partner_id = ${p} and a.id = e.account_id`);
  await db.execute(sql`
    update customers c set last_event_at = a.last_event_at, last_event_severity = a.last_event_severity, last_event_type = a.last_event_type
    from (select distinct on (customer_id) customer_id, last_event_at, last_event_severity, last_event_type from accounts
          where partner_id = ${p} and last_event_at is not null order by customer_id, last_event_at desc) a
    where c.partner_id = ${p} and c.id = a.customer_id`);

  return partnerIds(db, p);
}

async function partnerIds(db: Db, partnerId: string) {
  const ids = async (q: ReturnType<typeof sql>) => rowsOf<{ id: string }>(await db.execute(q)).map((r) => r.id);
  return {
    partnerId,
    customerIds: await ids(sql`select id from customers where partner_id = ${partnerId} order by name`),
    accountIds: await ids(sql`select id from accounts where partner_id = ${partnerId} order by account_number`),
  };
}

/** The ids of a partner loaded by an earlier run, if it is complete. */
export async function existingPartner(db: Db, name: string, events: number) {
  const [row] = (await db.execute(sql`
    select p.id, (select count(*)::int from events e where e.partner_id = p.id) as n
    from partners p where p.name = ${name}`)) as unknown as { id: string; n: number }[];
  return row && row.n === events ? partnerIds(db, row.id) : null;
}
