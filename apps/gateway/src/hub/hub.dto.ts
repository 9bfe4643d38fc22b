import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DAY_PATTERN } from '@grid122/contracts';

export class HubQueryDto {
  @ApiPropertyOptional({ description: 'A grid id (uuid) or grid path inside your scope; default your whole scope' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  root?: string;

  @ApiPropertyOptional({ enum: ['today', 'week', 'month'], default: 'today', description: 'Local (UTC+8) day, ISO week from Monday, or calendar month' })
  @IsOptional()
  @IsIn(['today', 'week', 'month'])
  period?: 'today' | 'week' | 'month';

  @ApiPropertyOptional({
    description: "A street day (YYYY-MM-DD, today or past): the figures of the period that holds it — that day (period=today), its week or its month — instead of the current one",
    example: '2026-11-15',
  })
  @IsOptional()
  @Matches(DAY_PATTERN, { message: 'date must be YYYY-MM-DD (a day in the street\'s calendar)' })
  date?: string;
}
