/**
 * The contract's limits on what a tenant may store (API.md, "Limits and
 * hardening"): they keep every public document of a page cheap to render.
 */

/** Characters in one timeline message (incident and maintenance updates, first messages). */
export const MAX_TIMELINE_MESSAGE_LENGTH = 20_000;

/** Entries in one incident's or maintenance's timeline (409 beyond, for entries asked for through the API). */
export const MAX_TIMELINE_ENTRIES = 500;
