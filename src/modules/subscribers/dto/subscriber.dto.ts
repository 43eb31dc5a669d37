import { ApiProperty } from '@nestjs/swagger';

export const SUBSCRIBER_STATES = ['pending', 'active', 'unsubscribed'] as const;
export type SubscriberStateName = (typeof SUBSCRIBER_STATES)[number];

export class SubscriberResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  @ApiProperty({ format: 'email' }) email: string;
  /** The components followed; empty: the whole page. */
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) componentIds: string[];
  @ApiProperty({ enum: SUBSCRIBER_STATES, enumName: 'SubscriberState' }) state: SubscriberStateName;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) confirmedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
