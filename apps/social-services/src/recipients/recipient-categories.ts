import { staleHashSql } from '@grid122/bootstrap';
import { PiiCipher } from '@grid122/privacy';
import { EntityManager } from 'typeorm';

/**
 * A care recipient's categories (服务对象类别: 低保, 特困, 残疾, 精神障碍 …) are protected like an
 * identity (issue 20 item 8): stored encrypted under the service's key (`categories_enc`, the codes
 * as JSON), with a blind index (`category_index`, one keyed hash per code, sorted) for the filters
 * and the figures, which group by hash and name each hash from the category list. The clear
 * `categories` column of rows written before stays empty once `protectPlainCategories` ran.
 */
export interface ProtectedCategories {
  categories_enc: string;
  category_index: string[];
}

const hashInput = (code: string) => `category:${code}`;

export function protectCategories(pii: PiiCipher, codes: string[]): ProtectedCategories {
  return { categories_enc: pii.encrypt(JSON.stringify(codes)), category_index: codes.map((c) => pii.hash(hashInput(c))).sort() };
}

/** The codes of a row: decrypted, or (a row written in clear before, not yet protected) as stored. */
export function openCategories(pii: PiiCipher, row: { categories_enc?: string | null; categories?: string[] | null }): string[] {
  return row.categories_enc ? (JSON.parse(pii.decrypt(row.categories_enc)) as string[]) : (row.categories ?? []);
}

/** The blind-index values a row in category `code` may hold (every hash key still read). */
export const categoryLookup = (pii: PiiCipher, code: string): string[] => pii.hashes(hashInput(code));

/** Hash → category code, for counts grouped by blind index. */
export function categoryByHash(pii: PiiCipher, codes: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const code of codes) for (const h of categoryLookup(pii, code)) out.set(h, code);
  return out;
}

/**
 * Encrypts the categories of rows still holding them in clear (written before the protection, or by
 * an older replica during a rolling update), in batches; safe to run again (only clear rows are
 * touched). Run by the migration and by `reencrypt-pii`. Returns the number of rows protected.
 */
export async function protectPlainCategories(m: Pick<EntityManager, 'query'>, pii: PiiCipher, batch = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const rows: { id: string; categories: string[] }[] = await m.query(
      `SELECT id, categories FROM social.care_recipients WHERE cardinality(categories) > 0 ORDER BY id LIMIT $1`,
      [batch],
    );
    if (rows.length === 0) return done;
    let batchDone = 0;
    for (const r of rows) {
      const p = protectCategories(pii, r.categories);
      // only if the row still holds what was read (a concurrent change is protected on the next round)
      const [, n] = (await m.query(
        `UPDATE social.care_recipients SET categories_enc = $2, category_index = $3, categories = '{}' WHERE id = $1 AND categories = $4::text[]`,
        [r.id, p.categories_enc, p.category_index, r.categories],
      )) as [unknown, number];
      batchDone += n;
    }
    done += batchDone;
    if (batchDone === 0) return done;
  }
}

/**
 * After a hash key rotation (`reencrypt-pii`): the category index of rows holding a hash under an
 * older key is computed again from the encrypted codes, in batches, each row only if it still
 * holds the index read. Safe to run again. Returns the number of rows re-hashed.
 */
export async function rehashCategoryIndex(m: Pick<EntityManager, 'query'>, pii: PiiCipher, batch = 500): Promise<number> {
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: { id: string; categories_enc: string; category_index: string[] }[] = await m.query(
      `SELECT id, categories_enc, category_index FROM social.care_recipients r
        WHERE id > $1 AND categories_enc IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(r.category_index) h WHERE ${staleHashSql('h', pii.activeHashKeyId)})
        ORDER BY id LIMIT $2`,
      [after, batch],
    );
    if (rows.length === 0) return done;
    after = rows[rows.length - 1].id;
    for (const r of rows) {
      const p = protectCategories(pii, openCategories(pii, r));
      const [, n] = (await m.query(`UPDATE social.care_recipients SET category_index = $2 WHERE id = $1 AND category_index = $3::text[]`, [r.id, p.category_index, r.category_index])) as [unknown, number];
      done += n;
    }
  }
}
