import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** `GET /api/v1/audit?from=&to=&actor=&action=&result=&cursor=&limit=` (审计日志查询). */
export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'ISO 8601 instant or date, inclusive', example: '2026-11-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 instant or date, exclusive', example: '2026-12-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'account id (uuid) or username' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  actor?: string;

  @ApiPropertyOptional({ description: 'exact action (auth.login) or a prefix ending in * (auth.*)', example: 'auth.*' })
  @IsOptional()
  @Matches(/^[a-z0-9_.-]{1,64}\*?$/, { message: 'action must be like auth.login or auth.*' })
  action?: string;

  @ApiPropertyOptional({ enum: ['ok', 'denied', 'failed'] })
  @IsOptional()
  @IsIn(['ok', 'denied', 'failed'])
  result?: 'ok' | 'denied' | 'failed';

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true }) actorId: string | null;
  @ApiProperty({ nullable: true }) actorName: string | null;
  @ApiProperty({ example: 'auth.login' }) action: string;
  @ApiProperty({ nullable: true, example: 'GET /api/v1/audit' }) target: string | null;
  @ApiProperty({ enum: ['ok', 'denied', 'failed'] }) result: string;
  @ApiProperty({ nullable: true }) ip: string | null;
  @ApiProperty({ nullable: true, type: Object }) details: Record<string, unknown> | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty({ nullable: true }) nextCursor: string | null;
}

export class AuditLinkDto {
  @ApiProperty({ description: 'the entry\'s place in the chain' }) seq: string;
  @ApiProperty() hash: string;
}

export class AuditBrokenLinkDto {
  @ApiProperty({ nullable: true, description: 'the entry (id) where the chain breaks; null when entries at the end are missing' }) id: string | null;
  @ApiProperty({ description: 'the seq expected there' }) seq: string;
  @ApiProperty({ enum: ['hash', 'prev_hash', 'missing', 'tail'], description: 'hash: the entry was changed; prev_hash: the link to the entry before was changed; missing: entries before it were removed; tail: the newest entries were removed' })
  reason: 'hash' | 'prev_hash' | 'missing' | 'tail';
  @ApiProperty() message: string;
}

/** `GET /api/v1/audit/verify` (审计日志完整性校验): the hash chain walked from the oldest kept entry to the head. */
export class AuditVerifyDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'entries checked' }) checked: number;
  @ApiProperty({ type: AuditLinkDto, nullable: true, description: 'the oldest kept entry (older ones pruned after 180 days)' }) from: AuditLinkDto | null;
  @ApiProperty({ type: AuditLinkDto, nullable: true, description: 'the chain head when the check began: note it to compare with a later check' }) head: AuditLinkDto | null;
  @ApiProperty({ type: AuditBrokenLinkDto, nullable: true, description: 'the first broken link' }) firstBroken: AuditBrokenLinkDto | null;
}
