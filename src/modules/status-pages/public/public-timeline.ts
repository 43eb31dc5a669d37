/*
 * How much of the timelines a page's public documents carry. An incident or
 * maintenance holds up to 500 entries of up to 20,000 characters (10 million,
 * twice that with their HTML), and a document lists up to 50 of them: in full, that
 * is hundreds of megabytes to read, render and gzip, which kept the process
 * from answering anyone else for seconds (bench/limits.js). So the public side
 * reads, for each list of its snapshot (open incidents, recent incidents,
 * upcoming, active and recent maintenances):
 *
 * - at most PUBLIC_TIMELINE_ENTRIES entries of each item, its newest;
 * - at most PUBLIC_TIMELINE_BYTES of timeline text (each message and its
 *   stored HTML) for the whole list, given out by recency: every item's newest
 *   entry (in the list's order), then every item's second newest, and so on.
 *
 * So a document at the limits is about a megabyte (the status page shows up
 * to four lists), rendered in a few milliseconds. An ordinary page is not
 * cut: 500,000 bytes are about 800 updates of 300 characters. The HTML pages
 * and feeds say how many earlier entries they leave out; the JSON keeps
 * Statuspage's shape and lists the entries it carries. The admin API always
 * has the whole timeline.
 */

/** The newest entries of one incident or maintenance the public documents carry. */
export const PUBLIC_TIMELINE_ENTRIES = 50;

/** Timeline text (message plus its HTML, in bytes) read for one list of a public snapshot. */
export const PUBLIC_TIMELINE_BYTES = 500_000;

/** An item's timeline as the public side reads it: the entries it carries, and how many it has in all. */
export interface PublicTimeline {
  updates: readonly unknown[];
  /** Entries in the item's whole timeline (`updates` holds the newest of them). */
  updateCount: number;
}

/** Entries of the item the public documents leave out (its oldest). */
export function entriesLeftOut(t: PublicTimeline): number {
  const n = t.updateCount - t.updates.length;
  return n > 0 ? n : 0;
}

/** The line that says so ("3 earlier updates are not shown."), or '' when nothing was left out. */
export function leftOutText(t: PublicTimeline): string {
  const n = entriesLeftOut(t);
  if (n === 0) return '';
  const updates = n === 1 ? 'update is' : 'updates are';
  return t.updates.length === 0 ? `${n} ${updates} not shown.` : `${n} earlier ${updates} not shown.`;
}
