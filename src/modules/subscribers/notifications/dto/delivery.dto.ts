import { ApiProperty } from '@nestjs/swagger';

export const NOTICE_KINDS = [
  'confirmation',
  'incident.created',
  'incident.updated',
  'incident.resolved',
  'maintenance.scheduled',
  'maintenance.reminder',
  'maintenance.started',
  'maintenance.completed',
  'maintenance.cancelled',
] as const;

/** One attempt to send one email to a subscriber, as the SMTP server answered it. */
export class SubscriberDeliveryAttemptDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  /** The email (one per subscriber and event): its attempts share this id. */
  @ApiProperty({ format: 'uuid' }) deliveryId: string;
  /** What the email was about. */
  @ApiProperty({ enum: NOTICE_KINDS, enumName: 'SubscriberEmailKind' }) kind: string;
  subject: string;
  /** The address it went to (as it was then). */
  @ApiProperty({ format: 'email' }) email: string;
  /** 1 for the first attempt. */
  @ApiProperty({ type: 'integer', minimum: 1 }) attempt: number;
  @ApiProperty({ enum: ['sent', 'failed'] }) outcome: 'sent' | 'failed';
  /** The SMTP server's reply, or why it could not be reached. */
  response: string;
  @ApiProperty({ type: 'integer' }) durationMs: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
