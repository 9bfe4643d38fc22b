import { Init1795300000000 } from './1795300000000-Init';
import { PetitionsStability1795300100000 } from './1795300100000-PetitionsStability';
import { PetitionComplaintVerified1795700000100 } from '../../petition/1795700000100-PetitionComplaintVerified';
import { OutboxRetry1795720000000 } from './1795720000000-OutboxRetry';
import { OutboxTraceparent1795900000000 } from './1795900000000-OutboxTraceparent';
import { EventOrder1795900000100 } from './1795900000100-EventOrder';
import { IdempotencyRequests1795730000000 } from './1795730000000-IdempotencyRequests';

import { ProtectedSpecialCategories1796000000100 } from './1796000000100-ProtectedSpecialCategories';
/** Every migration of the petitions service, in order (its own history in "petitions".migrations). */
export const MIGRATIONS = [Init1795300000000, PetitionsStability1795300100000, PetitionComplaintVerified1795700000100, OutboxRetry1795720000000, IdempotencyRequests1795730000000, OutboxTraceparent1795900000000, EventOrder1795900000100, ProtectedSpecialCategories1796000000100];
