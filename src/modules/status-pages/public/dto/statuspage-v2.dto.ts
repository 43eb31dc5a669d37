import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/* Response schemas of the public Statuspage v2-compatible API (snake_case, as Statuspage). */

export class V2PageDto {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class V2StatusDto {
  @ApiProperty({ enum: ['none', 'minor', 'major', 'critical', 'maintenance'], enumName: 'PageIndicator' })
  indicator: string;
  /** e.g. "All Systems Operational". */
  description: string;
}

/** Not part of Statuspage's format (its clients ignore unknown fields). */
export class V2UptimeDto {
  /** Time-weighted uptime in percent: major outage counts as down, partial outage as 0.3 down, anything else as up. */
  percent: number;
  /** The window, in days (days before the component existed are excluded). */
  days: number;
}

export class V2ComponentDto {
  id: string;
  name: string;
  @ApiProperty({
    enum: ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'],
    enumName: 'ComponentStatus',
  })
  status: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
  @ApiProperty({ type: 'integer' }) position: number;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  showcase: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) start_date: string | null;
  @ApiProperty({ type: String, nullable: true }) group_id: string | null;
  page_id: string;
  /** True for a component group; its members are listed in `components`. */
  group: boolean;
  only_show_if_degraded: boolean;
  @ApiPropertyOptional({ type: [String] }) components?: string[];
  /** Uptime over the last 90 days; on components, not on groups. */
  @ApiPropertyOptional({ type: V2UptimeDto }) uptime?: V2UptimeDto;
}

export class V2AffectedComponentDto {
  code: string;
  name: string;
  old_status: string;
  new_status: string;
}

export class V2IncidentUpdateDto {
  id: string;
  status: string;
  body: string;
  incident_id: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
  @ApiProperty({ format: 'date-time' }) display_at: string;
  @ApiProperty({ type: [V2AffectedComponentDto], nullable: true }) affected_components: V2AffectedComponentDto[] | null;
  deliver_notifications: boolean;
  @ApiProperty({ type: String, nullable: true }) custom_tweet: string | null;
  @ApiProperty({ type: String, nullable: true }) tweet_id: string | null;
}

/** What incidents and scheduled maintenances share (each adds its own `status`). */
class V2EventDto {
  id: string;
  name: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) monitoring_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolved_at: string | null;
  @ApiProperty({ enum: ['none', 'minor', 'major', 'critical', 'maintenance'] }) impact: string;
  shortlink: string;
  @ApiProperty({ format: 'date-time' }) started_at: string;
  page_id: string;
  /**
   * Timeline entries, newest first: at most the newest 50; and in each list
   * the document is made of (unresolved incidents, recent incidents, upcoming,
   * active or recent maintenances), at most 500,000 bytes of messages and their
   * HTML for all its items, the newest entries of each first. The HTML pages say
   * how many were left out; the admin API has the whole timeline.
   */
  @ApiProperty({ type: [V2IncidentUpdateDto] }) incident_updates: V2IncidentUpdateDto[];
  @ApiProperty({ type: [V2ComponentDto] }) components: V2ComponentDto[];
}

export class V2IncidentDto extends V2EventDto {
  @ApiProperty({ enum: ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] }) status: string;
}

export class V2ScheduledMaintenanceDto extends V2EventDto {
  @ApiProperty({ enum: ['scheduled', 'in_progress', 'verifying', 'completed', 'cancelled'], enumName: 'MaintenanceStatus' })
  status: string;
  @ApiProperty({ format: 'date-time' }) scheduled_for: string;
  @ApiProperty({ format: 'date-time' }) scheduled_until: string;
}

export class V2SummaryDto {
  @ApiProperty({ type: V2PageDto }) page: V2PageDto;
  @ApiProperty({ type: [V2ComponentDto] }) components: V2ComponentDto[];
  @ApiProperty({ type: [V2IncidentDto] }) incidents: V2IncidentDto[];
  @ApiProperty({ type: [V2ScheduledMaintenanceDto] }) scheduled_maintenances: V2ScheduledMaintenanceDto[];
  @ApiProperty({ type: V2StatusDto }) status: V2StatusDto;
}

export class V2StatusResponseDto {
  @ApiProperty({ type: V2PageDto }) page: V2PageDto;
  @ApiProperty({ type: V2StatusDto }) status: V2StatusDto;
}

export class V2ComponentsResponseDto {
  @ApiProperty({ type: V2PageDto }) page: V2PageDto;
  @ApiProperty({ type: [V2ComponentDto] }) components: V2ComponentDto[];
}

export class V2IncidentsResponseDto {
  @ApiProperty({ type: V2PageDto }) page: V2PageDto;
  @ApiProperty({ type: [V2IncidentDto] }) incidents: V2IncidentDto[];
}

export class V2ScheduledMaintenancesResponseDto {
  @ApiProperty({ type: V2PageDto }) page: V2PageDto;
  @ApiProperty({ type: [V2ScheduledMaintenanceDto] }) scheduled_maintenances: V2ScheduledMaintenanceDto[];
}
