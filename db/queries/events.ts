import { and, asc, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { accounts, customers, events } from "~/db/schema";

/**
 * Event Log reads. Every function takes the partner id and puts it first in WHERE, so each query
 * walks one of the `(partner_id, <filter>, occurred_at desc, id desc)` indexes of db/schema/vendor.ts.
 * Paging is keyset only: the cursor is the (occurred_at, id) of a row, compared as a row value.
 */
export type Severity = (typeof events.$inferSelect)["severity"];

export type EventFilters = {
  customerId?: string;
  accountId?: string;
  type?: string;
  severities?: Severity[];
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  /** Only events whose notifications failed (events_outcome_failed_idx). */
  onlyFailed?: boolean;
  /** Only events whose notifications are pending: queued or waiting for a retry (events_outcome_pending_idx). */
  onlyPending?: boolean;
  /** Free text: words of the message or a PSA ticket number (prefixes match; events_search_idx). */
  search?: string;
};

/** At most this many words of a search are used. */
const SEARCH_MAX_WORDS = 8;

/**
 * The tsquery of a free-text search (pure): every word must occur as a prefix of a word of the
 * message or of a ticket number. Characters with a meaning in tsquery syntax are dropped, so any
 * input gives a valid query; null when nothing searchable is left.
 */
export function searchTsQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}._@/-]+/gu, " ")
    .split(" ")
    .map((w) => w.replace(/^[._@/-]+|[._@/-]+$/g, ""))
    .filter(Boolean)
    .slice(0, SEARCH_MAX_WORDS);
  if (words.length === 0) return null;
  return words.map((w) => `'${w}':*`).join(" & ");
}

/** The free-text search condition (callers check searchTsQuery first: a null query matches all). */
export function searchCondition(search: string): SQL {
  const query = searchTsQuery(search);
  return query ? sql`${eventSearchVector} @@ to_tsquery('simple'::regconfig, ${query})` : sql`true`;
}

/** Must stay the expression of events_search_idx (db/schema/vendor.ts), or the index is not used. */
const eventSearchVector = sql`to_tsvector('simple'::regconfig, coalesce(${events.message}, '') || ' ' || coalesce(${events.ticketNumbers}, ''))`;

/** A row position: occurred_at with full (microsecond) precision as ISO text, and the id. */
export type EventCursor = { at: string; id: number };

const CURSOR_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)~(\d{1,18})$/;

export function encodeEventCursor(cursor: EventCursor): string {
  return `${cursor.at}~${cursor.id}`;
}

/** Returns null for anything that is not a cursor this module produced. */
export function decodeEventCursor(value: string): EventCursor | null {
  const match = CURSOR_RE.exec(value);
  if (!match || Number.isNaN(Date.parse(match[1]!))) return null;
  return { at: match[1]!, id: Number(match[2]) };
}

// occurred_at rendered in UTC with microseconds, so a cursor never loses precision in JS.
const cursorAtSql = sql<string>`to_char(${events.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The WHERE of the filters, partner first (exported for the index-usage tests). */
export function filterConditions(partnerId: string, f: EventFilters): SQL[] {
  const where: SQL[] = [eq(events.partnerId, partnerId)];
  if (f.customerId) where.push(eq(events.customerId, f.customerId));
  if (f.accountId) where.push(eq(events.accountId, f.accountId));
  if (f.type) where.push(eq(events.type, f.type));
  if (f.severities && f.severities.length > 0 && f.severities.length < 3) {
    where.push(f.severities.length === 1 ? eq(events.severity, f.severities[0]!) : inArray(events.severity, f.severities));
  }
  if (f.from) where.push(gte(events.occurredAt, f.from));
  if (f.to) where.push(lt(events.occurredAt, f.to));
  // A literal, not a parameter: the planner must see the partial index's own predicate.
  if (f.onlyFailed) where.push(sql`${events.outcomeStatus} = 'failed'`);
  if (f.onlyPending) where.push(sql`${events.outcomeStatus} = 'pending'`);
  if (f.search && searchTsQuery(f.search)) where.push(searchCondition(f.search));
  return where;
}

/**
 * The indexes are `occurred_at DESC NULLS LAST, id DESC NULLS LAST`; Postgres only walks them for
 * an ORDER BY with the same null ordering (plain DESC means NULLS FIRST), so the order is spelled out.
 */
export const newestFirst = [sql`${events.occurredAt} desc nulls last`, sql`${events.id} desc nulls last`];
const oldestFirst = [sql`${events.occurredAt} asc nulls first`, sql`${events.id} asc nulls first`];

const olderThan = (c: EventCursor) => sql`(${events.occurredAt}, ${events.id}) < (${c.at}::timestamptz, ${c.id})`;
const newerThan = (c: EventCursor) => sql`(${events.occurredAt}, ${events.id}) > (${c.at}::timestamptz, ${c.id})`;

/** Rows of the newest (or oldest) end a search checks directly before it asks the search index. */
export const SEARCH_WINDOW = 2_000;

/**
 * The ids of one page of a search, in log order. Full-text selectivity is hard to estimate, so
 * the plan is not left to chance:
 * 1. the next SEARCH_WINDOW rows of the other filters are read along their time index and tested
 *    (a common word fills the page here);
 * 2. if the page is not full and the window did not reach the end, the rest comes from the search
 *    index (events_search_idx) alone — the partner is compared as text so that no time index
 *    (whose walk would test every row of the partner when nothing matches) can be chosen — and
 *    only the few matches beyond the window are sorted.
 */
async function searchPageIds(
  db: DbOrTx,
  input: { partnerId: string; filters: EventFilters; cursor?: EventCursor | null; newer: boolean; want: number },
): Promise<number[]> {
  const { partnerId, filters, cursor, newer, want } = input;
  const { search, ...rest } = filters;
  const hit = searchCondition(search!);
  const order = newer ? oldestFirst : newestFirst;
  const beyond = (c: EventCursor) => (newer ? newerThan(c) : olderThan(c));

  const where = filterConditions(partnerId, rest);
  if (cursor) where.push(beyond(cursor));
  const window = await db
    .select({ id: events.id, at: cursorAtSql, hit: sql<boolean>`${hit}` })
    .from(events)
    .where(and(...where))
    .orderBy(...order)
    .limit(SEARCH_WINDOW);
  const found = window.filter((r) => r.hit).map((r) => r.id);
  const last = window[window.length - 1];
  if (found.length >= want || window.length < SEARCH_WINDOW || !last) return found.slice(0, want);

  const indexed = filterConditions(partnerId, rest).slice(1);
  indexed.unshift(sql`${events.partnerId}::text = ${partnerId}`, hit, beyond({ at: last.at, id: last.id }));
  const more = await db
    .select({ id: events.id })
    .from(events)
    .where(and(...indexed))
    .orderBy(...order)
    .limit(want - found.length);
  return [...found, ...more.map((r) => r.id)];
}

export type EventLogRow = Awaited<ReturnType<typeof listEvents>>["items"][number];

/**
 * One page of the Event Log, newest first. `direction: "older"` (default) returns the rows after
 * the cursor in log order; `"newer"` the rows just before it. The page is taken from `events`
 * alone (LIMIT n+1 on the index) and only then joined to customers and accounts for their names.
 */
export async function listEvents(
  db: DbOrTx,
  input: { partnerId: string; filters?: EventFilters; cursor?: EventCursor | null; direction?: "older" | "newer"; limit: number },
) {
  const { partnerId, cursor, limit } = input;
  const newer = input.direction === "newer";
  const order = newer ? oldestFirst : newestFirst;
  const filters = input.filters ?? {};
  let where: SQL[];
  if (filters.search && searchTsQuery(filters.search)) {
    // A search picks the page's ids first (searchPageIds), then reads them like any page.
    const ids = await searchPageIds(db, { partnerId, filters, cursor, newer, want: limit + 1 });
    if (ids.length === 0) return { items: [], nextCursor: null, prevCursor: null };
    where = [eq(events.partnerId, partnerId), inArray(events.id, ids)];
  } else {
    where = filterConditions(partnerId, filters);
    if (cursor) where.push(newer ? newerThan(cursor) : olderThan(cursor));
  }
  const page = db
    .select({
      id: events.id,
      occurredAt: events.occurredAt,
      cursorAt: cursorAtSql.as("cursor_at"),
      type: events.type,
      severity: events.severity,
      message: events.message,
      status: events.status,
      outcomeStatus: events.outcomeStatus,
      ticketNumbers: events.ticketNumbers,
      customerId: events.customerId,
      accountId: events.accountId,
    })
    .from(events)
    .where(and(...where))
    .orderBy(...order)
    .limit(limit + 1)
    .as("page");

  const rows = await db
    .select({
      id: page.id,
      occurredAt: page.occurredAt,
      cursorAt: page.cursorAt,
      type: page.type,
      severity: page.severity,
      message: page.message,
      status: page.status,
      outcomeStatus: page.outcomeStatus,
      ticketNumbers: page.ticketNumbers,
      customerId: page.customerId,
      customerName: customers.name,
      vendorCustomerId: customers.vendorCustomerId,
      accountId: page.accountId,
      accountNumber: accounts.accountNumber,
      accountName: accounts.name,
    })
    .from(page)
    .innerJoin(customers, and(eq(customers.partnerId, partnerId), eq(customers.id, page.customerId)))
    .innerJoin(accounts, and(eq(accounts.partnerId, partnerId), eq(accounts.id, page.accountId)))
    .orderBy(...(newer ? [asc(page.occurredAt), asc(page.id)] : [desc(page.occurredAt), desc(page.id)]));

  const hasMore = rows.length > limit;
  const slice = rows.slice(0, limit);
  const items = (newer ? slice.reverse() : slice).map(({ cursorAt, ...row }) => ({
    ...row,
    cursor: encodeEventCursor({ at: cursorAt, id: row.id }),
  }));
  const first = items[0];
  const last = items[items.length - 1];
  // Going older: more older rows exist when the page overflowed; newer ones exist when we started
  // from a cursor. Going newer: the mirror image.
  const moreOlder = newer ? Boolean(cursor) : hasMore;
  const moreNewer = newer ? hasMore : Boolean(cursor);
  return {
    items,
    /** Position to ask for older rows from, or null at the end of the log. */
    nextCursor: moreOlder && last ? last.cursor : null,
    /** Position to ask for newer rows from, or null when this page is the newest. */
    prevCursor: moreNewer && first ? first.cursor : null,
  };
}

/**
 * How many events matching the filters are newer than `after` (all of them without it), counted
 * up to `cap` so the live poll stays cheap however many arrived.
 */
export async function countNewerEvents(
  db: DbOrTx,
  input: { partnerId: string; filters?: EventFilters; after?: EventCursor | null; cap: number },
) {
  const where = filterConditions(input.partnerId, input.filters ?? {});
  if (input.after) where.push(newerThan(input.after));
  const bounded = db.select({ one: sql`1`.as("one") }).from(events).where(and(...where)).limit(input.cap).as("bounded");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(bounded);
  const count = row?.n ?? 0;
  return { count, capped: count >= input.cap };
}

/** Ids of the events matching the filters, newest first, at most `limit` (reprocessing a filter). */
export async function listMatchingEventIds(db: DbOrTx, input: { partnerId: string; filters?: EventFilters; limit: number }) {
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(and(...filterConditions(input.partnerId, input.filters ?? {})))
    .orderBy(...newestFirst)
    .limit(input.limit);
  return rows.map((r) => r.id);
}

/** One event with its customer and account, or null when it is not this partner's. */
export async function getEvent(db: DbOrTx, input: { partnerId: string; id: number }) {
  const [row] = await db
    .select({
      event: events,
      customer: { id: customers.id, name: customers.name, vendorCustomerId: customers.vendorCustomerId },
      account: { id: accounts.id, accountNumber: accounts.accountNumber, name: accounts.name, kind: accounts.kind },
    })
    .from(events)
    .innerJoin(customers, and(eq(customers.partnerId, input.partnerId), eq(customers.id, events.customerId)))
    .innerJoin(accounts, and(eq(accounts.partnerId, input.partnerId), eq(accounts.id, events.accountId)))
    .where(and(eq(events.partnerId, input.partnerId), eq(events.id, input.id)));
  return row ?? null;
}

export type HistogramBucket = "hour" | "day";

const ALL_SEVERITIES: Severity[] = ["ok", "warning", "error"];

/**
 * Events per time bucket (in the partner's time zone) and severity, for the filters within
 * [from, to). The caller bounds the range; the bucket label is local wall-clock time.
 * The severity list is always spelled out so that, without a narrower filter, Postgres counts from
 * events_severity_time_idx alone (an index-only scan) instead of visiting every event row.
 */
export async function eventHistogram(
  db: DbOrTx,
  input: { partnerId: string; filters?: EventFilters; from: Date; to: Date; bucket: HistogramBucket; timeZone: string },
) {
  const { severities, ...rest } = input.filters ?? {};
  const where = filterConditions(input.partnerId, { ...rest, from: input.from, to: input.to });
  where.push(inArray(events.severity, severities && severities.length > 0 ? severities : ALL_SEVERITIES));
  const unit = input.bucket === "hour" ? sql.raw("'hour'") : sql.raw("'day'");
  const counts = db
    .select({
      start: sql<string>`date_trunc(${unit}, ${events.occurredAt} at time zone ${input.timeZone})`.as("start"),
      severity: events.severity,
      count: sql<number>`count(*)::int`.as("count"),
    })
    .from(events)
    .where(and(...where))
    .groupBy(sql`1`, events.severity)
    .as("counts");
  return db
    .select({
      bucket: sql<string>`to_char(${counts.start}, 'YYYY-MM-DD"T"HH24:MI')`,
      severity: counts.severity,
      count: counts.count,
    })
    .from(counts)
    .orderBy(counts.start, counts.severity);
}

type Rows<T> = T[] | { rows: T[] };
const rowsOf = <T>(result: Rows<T>): T[] => (Array.isArray(result) ? result : result.rows);

/**
 * The distinct event types of a partner, read as a loose index scan over events_type_time_idx
 * (one index probe per type), so it costs the number of types, not the number of events.
 */
export async function listEventTypes(db: DbOrTx, input: { partnerId: string; max: number }) {
  const result = await db.execute<{ type: string }>(sql`
    with recursive t(type) as (
      (select ${events.type} from ${events} where ${events.partnerId} = ${input.partnerId} order by ${events.type} limit 1)
      union all
      select (select e.type from ${events} e where e.partner_id = ${input.partnerId} and e.type > t.type order by e.type limit 1)
      from t where t.type is not null
    )
    select type from t where type is not null limit ${input.max}`);
  return rowsOf(result as unknown as Rows<{ type: string }>).map((r) => r.type);
}
