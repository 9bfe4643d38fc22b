import { Init1795300000000 } from './1795300000000-Init';
import { GridRegistry1795300100000 } from './1795300100000-GridRegistry';
import { OutboxRetry1795720000000 } from './1795720000000-OutboxRetry';
import { OutboxTraceparent1795900000000 } from './1795900000000-OutboxTraceparent';
import { EventOrder1795900000100 } from './1795900000100-EventOrder';
import { IdempotencyRequests1795730000000 } from './1795730000000-IdempotencyRequests';
import { Meetings1795750000125 } from '../../meeting/1795750000125-Meetings';
import { DoubleSelections1795830000125 } from '../../meeting/1795830000125-DoubleSelections';
import { AddressTrigramIndexes1795770000301 } from '../../address/1795770000301-AddressTrigramIndexes';

/** Every migration of the grid-registry service, in order (its own history in "registry".migrations). */
export const MIGRATIONS = [Init1795300000000, GridRegistry1795300100000, OutboxRetry1795720000000, IdempotencyRequests1795730000000, Meetings1795750000125, AddressTrigramIndexes1795770000301, DoubleSelections1795830000125, OutboxTraceparent1795900000000, EventOrder1795900000100];
