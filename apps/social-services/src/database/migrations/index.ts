import { Init1795300000000 } from './1795300000000-Init';
import { SocialServices1795310000000 } from './1795310000000-SocialServices';
import { OutboxRetry1795720000000 } from './1795720000000-OutboxRetry';
import { OutboxTraceparent1795900000000 } from './1795900000000-OutboxTraceparent';
import { EventOrder1795900000100 } from './1795900000100-EventOrder';
import { IdempotencyRequests1795730000000 } from './1795730000000-IdempotencyRequests';
import { ResidentPoints1795830000025 } from './1795830000025-ResidentPoints';
import { ProtectedCategories1796000000000 } from './1796000000000-ProtectedCategories';

/** Every migration of the social-services service, in order (its own history in "social".migrations). */
export const MIGRATIONS = [Init1795300000000, SocialServices1795310000000, OutboxRetry1795720000000, IdempotencyRequests1795730000000, ResidentPoints1795830000025, OutboxTraceparent1795900000000, EventOrder1795900000100, ProtectedCategories1796000000000];
