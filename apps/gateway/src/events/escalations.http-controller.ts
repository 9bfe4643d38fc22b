import { ApiQuery } from '@nestjs/swagger';
import { ESCALATION_DELIVERY_STATES, ListEscalationDeliveries, RetryEscalationDelivery, Role } from '@grid122/contracts';
import { get, httpController, post, uuid } from '../routing/routes';

/** 上报区级: what the escalation webhook sent, is retrying, or gave up on. Routes only: the office keeps the queue. */
export const EscalationsHttpController = httpController('EscalationsHttpController', { path: 'api/v1/escalations', tag: 'escalations' }, [
  get('deliveries', ListEscalationDeliveries, [Role.StreetCommander], 'list', {
    summary: 'Escalation webhook deliveries: pending, delivered, dead (admin / commander)',
    decorators: [ApiQuery({ name: 'state', required: false, enum: ESCALATION_DELIVERY_STATES }), ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })],
  }),
  post('deliveries/:id/retry', RetryEscalationDelivery, [Role.StreetCommander], 'retry', { status: 200, params: { id: uuid }, summary: 'Put a dead-lettered delivery back in the queue' }),
]);
