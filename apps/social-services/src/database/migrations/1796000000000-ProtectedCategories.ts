import { MigrationInterface, QueryRunner } from 'typeorm';
import { PiiCipher } from '@grid122/privacy';
import { loadSocialServicesEnv } from '../../config/social-services.env';
import { protectPlainCategories } from '../../recipients/recipient-categories';

/**
 * Care recipients' categories protected like identities (issue 20 item 8): `categories_enc` (the
 * codes encrypted under the service's key) and `category_index` (their blind index), and every
 * existing row encrypted here with the service's active key. The clear `categories` column stays
 * for one release, empty: rows an older replica writes in clear during the rolling update are
 * protected by `reencrypt-pii` (the same pass, safe to run again); a later migration drops it.
 */
export class ProtectedCategories1796000000000 implements MigrationInterface {
  name = 'ProtectedCategories1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE social.care_recipients ADD COLUMN categories_enc text, ADD COLUMN category_index text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE social.care_recipients DROP CONSTRAINT IF EXISTS care_recipients_categories_check`);
    await q.query(`ALTER TABLE social.care_recipients ALTER COLUMN categories SET DEFAULT '{}'`);
    await q.query(`CREATE INDEX care_recipients_category_index_gin ON social.care_recipients USING gin (category_index)`);
    await protectPlainCategories(q, new PiiCipher(loadSocialServicesEnv().piiKeys('social-services')));
    await q.query(`DROP INDEX social.care_recipients_categories_gin`);
    // every row has its categories, protected (or, from an older replica, in clear until protected)
    await q.query(`ALTER TABLE social.care_recipients ADD CONSTRAINT care_recipients_categories_held CHECK (categories_enc IS NOT NULL OR cardinality(categories) > 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // the clear codes cannot be written back without the key: down keeps the data protected
    await q.query(`ALTER TABLE social.care_recipients DROP CONSTRAINT care_recipients_categories_held`);
    await q.query(`CREATE INDEX care_recipients_categories_gin ON social.care_recipients USING gin (categories)`);
    await q.query(`DROP INDEX social.care_recipients_category_index_gin`);
  }
}
