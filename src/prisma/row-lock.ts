import { Prisma } from '../generated/prisma/client';

/** The rows a capped list hangs from: a page (its webhooks), an incident or a maintenance (their timelines). */
const TABLES = {
  pages: Prisma.raw('pages'),
  incidents: Prisma.raw('incidents'),
  maintenances: Prisma.raw('maintenances'),
} as const;

export type LockableTable = keyof typeof TABLES;

/** Transactions that wait for a row lock: 50 concurrent ones must not time out. */
export const LOCKED_TX = { maxWait: 15_000, timeout: 15_000 };

/**
 * Locks one row until `tx` ends, so a count and the insert it allows happen
 * as one: concurrent inserts under the same row wait for each other, and a
 * cap holds however many race. With `pageId`, only a row of that page.
 * FOR NO KEY UPDATE: it excludes its own kind and updates of the row, but not
 * the key-share locks that inserting other rows that refer to it takes.
 * False if there is no such row.
 */
export async function lockRow(tx: Prisma.TransactionClient, table: LockableTable, id: string, pageId?: string): Promise<boolean> {
  const ofPage = pageId === undefined ? Prisma.empty : Prisma.sql`AND page_id = ${pageId}::uuid`;
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM ${TABLES[table]} WHERE id = ${id}::uuid ${ofPage} FOR NO KEY UPDATE`;
  return rows.length === 1;
}
