/**
 * The contract's limits on what a tenant may store (API.md, "Limits and
 * hardening"): they keep every public document of a page cheap to render.
 */

/** Characters in one timeline message (incident and maintenance updates, first messages). */
export const MAX_TIMELINE_MESSAGE_LENGTH = 20_000;
