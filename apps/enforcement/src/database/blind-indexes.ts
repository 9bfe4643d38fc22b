import { BlindIndexColumn } from '@grid122/bootstrap';

/** Enforcement's blind indexes (a case's subject), re-hashed by `reencrypt-pii` after a hash key rotation. */
export const ENFORCEMENT_BLIND_INDEXES: readonly BlindIndexColumn[] = [
  { table: 'cases', column: 'subject_id_number_hash', from: ['subject_id_number_enc'], value: ([id]) => id },
  { table: 'cases', column: 'subject_phone_hash', from: ['subject_phone_enc'], value: ([phone]) => phone },
];
