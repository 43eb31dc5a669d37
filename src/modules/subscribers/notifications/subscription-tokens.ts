import { createHash, randomBytes } from 'node:crypto';

/** What a token in an email lets its holder do (the path it goes with). */
export type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe';

/** A confirmation link works this long after its email was composed. */
export const CONFIRM_TOKEN_TTL_MS = 7 * 24 * 3_600_000;

/** 256 random bits, URL-safe: unguessable, and shown only in the email it was made for. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored instead of the token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token as it can appear in a link; anything else is not looked up. */
export function isTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}
