import type { TokenPurpose } from './notifications/subscription-tokens';

export type { TokenPurpose };

/**
 * What the subscription flow needs from the email side
 * (notifications/NotificationsService): confirmation emails, and the tokens
 * their links carry (random, stored only as hashes, by the email side).
 */
export abstract class SubscriptionNotifier {
  /** Queues a confirmation email to a pending subscriber; each carries fresh tokens (confirm valid 7 days). */
  abstract requestConfirmation(subscriber: { id: string; pageId: string }): Promise<void>;
  /** The subscriber id a token from an email was issued for, or null (unknown token, or an expired confirm token). */
  abstract subscriberForToken(purpose: TokenPurpose, token: string): Promise<string | null>;
}
