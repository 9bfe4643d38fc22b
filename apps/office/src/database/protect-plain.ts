import { DataSource } from 'typeorm';
import { BlindIndexColumn, encryptPlainValues, ReencryptResult } from '@grid122/bootstrap';
import { PiiCipher } from '@grid122/privacy';

/**
 * `reencrypt-pii`'s first pass for the office: reporters' names written in clear before they were
 * encrypted (and by an older replica during a rolling update) encrypted under the active key. Safe
 * to run again; readers open both forms meanwhile (`PiiCipher.open`).
 */
export async function protectOfficePlain(ds: Pick<DataSource, 'query'>, cipher: PiiCipher): Promise<ReencryptResult[]> {
  return [await encryptPlainValues(ds, 'office', 'incidents', 'reporter_name', cipher)];
}

/** The office's blind indexes, re-hashed by `reencrypt-pii` after a hash key rotation. */
export const OFFICE_BLIND_INDEXES: readonly BlindIndexColumn[] = [{ table: 'incidents', column: 'reporter_phone_hash', from: ['reporter_phone'], value: ([phone]) => phone }];
