import { Prisma } from '../generated/prisma/client';

/** The timeline tables, with the column naming the incident or maintenance an entry belongs to. */
const TIMELINES = {
  incident_updates: { table: Prisma.raw('incident_updates'), owner: Prisma.raw('incident_id') },
  maintenance_updates: { table: Prisma.raw('maintenance_updates'), owner: Prisma.raw('maintenance_id') },
} as const;

export type TimelineTable = keyof typeof TIMELINES;

/**
 * The ids of the newest timeline entries of a list of incidents or
 * maintenances: at most `perOwner` of each, and no more than `bytes` of text
 * (message and its HTML) for the whole list, given out by recency rank (every
 * owner's newest entry, in the list's order, then every second newest, ...).
 */
export async function newestEntryIds(
  db: Pick<Prisma.TransactionClient, '$queryRaw'>,
  timeline: TimelineTable,
  ownerIds: string[],
  perOwner: number,
  bytes: number,
): Promise<string[]> {
  if (ownerIds.length === 0) return [];
  const { table, owner } = TIMELINES[timeline];
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM (
      SELECT id, sum(bytes) OVER (ORDER BY rank, array_position(${ownerIds}::uuid[], ${owner})) AS running
      FROM (
        SELECT id, ${owner}, octet_length(message) + coalesce(octet_length(message_html), 0) AS bytes,
          row_number() OVER (PARTITION BY ${owner} ORDER BY seq DESC) AS rank
        FROM ${table} WHERE ${owner} = ANY(${ownerIds}::uuid[])
      ) ranked
      WHERE rank <= ${perOwner}
    ) budgeted
    WHERE running <= ${bytes}`;
  return rows.map((r) => r.id);
}
