import { BlindIndexColumn } from '@grid122/bootstrap';

const same = ([v]: (string | null)[]) => v;

/** Social services' blind indexes, re-hashed by `reencrypt-pii` after a hash key rotation (the category index: `rehashCategoryIndex`). */
export const SOCIAL_BLIND_INDEXES: readonly BlindIndexColumn[] = [
  { table: 'care_recipients', column: 'id_number_hash', from: ['id_number_enc'], value: same },
  { table: 'care_recipients', column: 'phone_hash', from: ['phone_enc'], value: same },
  { table: 'volunteers', column: 'phone_hash', from: ['phone_enc'], value: same },
  { table: 'resident_holders', column: 'phone_hash', from: ['phone_enc'], value: same },
];
