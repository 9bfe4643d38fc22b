import { PiiCipher } from '@grid122/privacy';
import { EntityManager } from 'typeorm';

/**
 * A special person's register (特殊人群类别: 刑满释放, 社区矫正, 吸毒, 精神障碍 …) is protected like
 * an identity (issue 20 item 8): stored encrypted under the petitions service's key
 * (`category_enc`) with a blind index (`category_hash`) for the filter, the counts and the one-entry
 * -per-register rule; the register's follow-up cadence is kept on the row at write time
 * (`category_follow_up_days`, `category_high_risk_follow_up_days`, updated when a register is
 * redefined), so no query joins on the category. The clear `category` column is empty once
 * `protectPlainSpecialCategories` ran (rows written before, or by an older replica).
 */
export const categoryHashInput = (code: string) => `category:${code}`;
const hashInput = categoryHashInput;

export const protectCategory = (pii: PiiCipher, code: string) => ({ category_enc: pii.encrypt(code), category_hash: pii.hash(hashInput(code)) });

/** The register of a row: decrypted, or (written in clear before, not yet protected) as stored. */
export const openCategory = (pii: PiiCipher, row: { category_enc?: string | null; category?: string | null }): string =>
  row.category_enc ? pii.decrypt(row.category_enc) : (row.category ?? '');

/** The blind-index values a row on register `code` may hold (every hash key still read). */
export const categoryLookup = (pii: PiiCipher, code: string): string[] => pii.hashes(hashInput(code));

/** Hash (or, for a row still in clear, the code itself) → register code, for counts grouped by blind index. */
export function categoryByKey(pii: PiiCipher, codes: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const code of codes) {
    out.set(code, code);
    for (const h of categoryLookup(pii, code)) out.set(h, code);
  }
  return out;
}

/**
 * Encrypts the register of rows still holding it in clear, with the cadence of the register kept
 * on the row, in batches; safe to run again (only clear rows are touched). Run by the migration
 * and by `reencrypt-pii`. Returns the number of rows protected.
 */
export async function protectPlainSpecialCategories(m: Pick<EntityManager, 'query'>, pii: PiiCipher, batch = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const rows: { id: string; category: string }[] = await m.query(`SELECT id, category FROM petitions.special_people WHERE category IS NOT NULL ORDER BY id LIMIT $1`, [batch]);
    if (rows.length === 0) return done;
    let batchDone = 0;
    for (const r of rows) {
      const p = protectCategory(pii, r.category);
      const [, n] = (await m.query(
        `UPDATE petitions.special_people p
            SET category_enc = $2, category_hash = $3, category = NULL,
                category_follow_up_days = COALESCE(p.category_follow_up_days, c.follow_up_days),
                category_high_risk_follow_up_days = COALESCE(p.category_high_risk_follow_up_days, c.high_risk_follow_up_days)
           FROM petitions.population_categories c
          WHERE p.id = $1 AND p.category = $4 AND c.code = $4`,
        [r.id, p.category_enc, p.category_hash, r.category],
      )) as [unknown, number];
      batchDone += n;
    }
    done += batchDone;
    if (batchDone === 0) return done;
  }
}
