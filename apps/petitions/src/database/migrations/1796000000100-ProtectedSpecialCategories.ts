import { MigrationInterface, QueryRunner } from 'typeorm';
import { PiiCipher } from '@grid122/privacy';
import { loadPetitionsEnv } from '../../config/petitions.env';
import { protectPlainSpecialCategories } from '../../population/special-categories';

/**
 * Special people's registers protected like identities (issue 20 item 8): `category_enc` (encrypted
 * under the service's key) and `category_hash` (blind index), the register's follow-up cadence kept
 * on the row, every existing row encrypted here. The clear `category` column stays for one release,
 * empty (nullable, no longer a foreign key): a row an older replica writes in clear during the
 * rolling update is read as it is and protected by `reencrypt-pii` (the same pass, safe to re-run).
 */
export class ProtectedSpecialCategories1796000000100 implements MigrationInterface {
  name = 'ProtectedSpecialCategories1796000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE petitions.special_people ADD COLUMN category_enc text, ADD COLUMN category_hash text,
                     ADD COLUMN category_follow_up_days integer, ADD COLUMN category_high_risk_follow_up_days integer`);
    await q.query(`ALTER TABLE petitions.special_people ALTER COLUMN category DROP NOT NULL, DROP CONSTRAINT IF EXISTS special_people_category_fkey`);
    await q.query(`DROP INDEX petitions.special_people_category`);
    await q.query(`DROP INDEX petitions.special_people_once`);
    await protectPlainSpecialCategories(q, new PiiCipher(loadPetitionsEnv().piiKeys('petitions')));
    await q.query(`CREATE UNIQUE INDEX special_people_once ON petitions.special_people (category_hash, person_hash) WHERE active AND person_hash IS NOT NULL`);
    await q.query(`CREATE INDEX special_people_category_hash ON petitions.special_people (category_hash, risk_level) WHERE active`);
    await q.query(`ALTER TABLE petitions.special_people ADD CONSTRAINT special_people_category_held CHECK (category_enc IS NOT NULL OR category IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // the clear registers cannot be written back without the key: down keeps the data protected
    await q.query(`ALTER TABLE petitions.special_people DROP CONSTRAINT special_people_category_held`);
    await q.query(`DROP INDEX petitions.special_people_category_hash`);
  }
}
