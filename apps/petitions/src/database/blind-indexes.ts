import { BlindIndexColumn } from '@grid122/bootstrap';
import { categoryHashInput } from '../population/special-categories';

/** A person's hash: the ID number first, else the phone (IdentityService.personHash). */
const person = ([idNumber, phone]: (string | null)[]): string | null => (idNumber ? `id:${idNumber}` : phone ? `ph:${phone}` : null);

/** The petitions group's blind indexes (a person across registers), re-hashed by `reencrypt-pii` after a hash key rotation. */
export const PETITIONS_BLIND_INDEXES: readonly BlindIndexColumn[] = [
  { table: 'petitions', column: 'petitioner_hash', from: ['petitioner_id_number', 'petitioner_phone'], value: person },
  { table: 'dispute_parties', column: 'person_hash', from: ['id_number', 'phone'], value: person },
  { table: 'special_people', column: 'person_hash', from: ['id_number', 'phone'], value: person },
  { table: 'floating_people', column: 'person_hash', from: ['id_number', 'phone'], value: person },
  { table: 'special_people', column: 'category_hash', from: ['category_enc'], value: ([code]) => (code ? categoryHashInput(code) : null) },
];
