import { BlindIndexColumn } from '@grid122/bootstrap';

/** The registry's blind indexes (staff phones), re-hashed by `reencrypt-pii` after a hash key rotation. */
export const REGISTRY_BLIND_INDEXES: readonly BlindIndexColumn[] = [{ table: 'staff', column: 'phone_hash', from: ['phone_enc'], value: ([phone]) => phone }];
