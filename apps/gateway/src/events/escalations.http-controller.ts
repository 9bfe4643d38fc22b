import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Actor, ESCALATION_DELIVERY_STATES, ListEscalationDeliveries, Role } from '@grid122/contracts';
import { Caller, Roles } from '../auth/auth.decorators';
import { EscalationClient } from './escalation.client';

class ListDeliveriesQuery extends ListEscalationDeliveries.Request {
  @ApiPropertyOptional({ enum: ESCALATION_DELIVERY_STATES })
  declare state?: (typeof ESCALATION_DELIVERY_STATES)[number];
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  declare limit?: number;
}

/** 上报区级: what the escalation webhook sent, is retrying, or gave up on. */
@ApiTags('escalations')
@ApiBearerAuth()
@Controller('api/v1/escalations')
export class EscalationsHttpController {
  constructor(private readonly client: EscalationClient) {}

  @Get('deliveries')
  @Roles(Role.StreetCommander)
  @ApiOperation({ summary: 'Escalation webhook deliveries: pending, delivered, dead (admin / commander)' })
  list(@Caller() a: Actor, @Query() q: ListDeliveriesQuery) {
    return this.client.list(a, q);
  }

  @Post('deliveries/:id/retry')
  @HttpCode(200)
  @Roles(Role.StreetCommander)
  @ApiOperation({ summary: 'Put a dead-lettered delivery back in the queue' })
  retry(@Caller() a: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.client.retry(a, { id });
  }
}
