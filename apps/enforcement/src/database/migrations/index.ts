import { Init1795300000000 } from './1795300000000-Init';
import { EnforcementCore1795300000100 } from './1795300000100-EnforcementCore';
import { CaseIncidentLinkPerOrigin1795660000000 } from './1795660000000-CaseIncidentLinkPerOrigin';
import { OutboxRetry1795720000000 } from './1795720000000-OutboxRetry';
import { OutboxTraceparent1795900000000 } from './1795900000000-OutboxTraceparent';
import { EventOrder1795900000100 } from './1795900000100-EventOrder';
import { IdempotencyRequests1795730000000 } from './1795730000000-IdempotencyRequests';
import { OperationFindingCases1795740000190 } from './1795740000190-OperationFindingCases';

/** Every migration of the enforcement service, in order (its own history in "enforcement".migrations). */
export const MIGRATIONS = [Init1795300000000, EnforcementCore1795300000100, CaseIncidentLinkPerOrigin1795660000000, OutboxRetry1795720000000, IdempotencyRequests1795730000000, OperationFindingCases1795740000190, OutboxTraceparent1795900000000, EventOrder1795900000100];
