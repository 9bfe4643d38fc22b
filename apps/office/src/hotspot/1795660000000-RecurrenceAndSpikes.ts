import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recurrence, category counters and spikes (issue 26, docs/hotspots.md):
 * - incidents.recurrence_of: the closed problem at the same place and category this one repeats
 *   (its own recurrence_of links further back: the chain of predecessors); recurred_at: when the
 *   first repeat of this one was reported after its closure.
 * - recurrence_places: closed problems' places (point and/or address) for the indexed "was it here
 *   before?" lookup; only closures within the look-back window are needed, so the table stays
 *   small (pruned), and the incidents table takes no index over its closed history.
 * - category_daily: counters per category × L3 grid × reporting day (found, recurring, back within
 *   30 days, closed, came back within 30 days), with the community path for the spike baselines.
 * - spikes: a category above its usual level in a grid or community on a day (one row per place,
 *   category and day), raised once on the live feed.
 */
export class RecurrenceAndSpikes1795660000000 implements MigrationInterface {
  name = 'RecurrenceAndSpikes1795660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "office"."incidents" ADD COLUMN "recurrence_of" uuid, ADD COLUMN "recurred_at" timestamptz`);
    await q.query(`CREATE INDEX "incidents_recurrence_of_idx" ON "office"."incidents" ("recurrence_of") WHERE "recurrence_of" IS NOT NULL`);
    await q.query(`
      CREATE TABLE "office"."recurrence_places" (
        "incident_id" uuid PRIMARY KEY,
        "category" text NOT NULL,
        "grid_path" ltree NOT NULL,
        "location" geography(Point, 4326),
        "address_key" text,
        "closed_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "recurrence_places_location_gist" ON "office"."recurrence_places" USING gist ("location")`);
    await q.query(`CREATE INDEX "recurrence_places_address_idx" ON "office"."recurrence_places" ("category", "address_key", "closed_at" DESC) WHERE "address_key" IS NOT NULL`);
    await q.query(`CREATE INDEX "recurrence_places_closed_idx" ON "office"."recurrence_places" ("closed_at")`);
    await q.query(`
      CREATE TABLE "office"."category_daily" (
        "category" text NOT NULL,
        "grid_path" ltree NOT NULL,
        "day" date NOT NULL,
        "key_area" text NOT NULL,
        "community_path" ltree NOT NULL,
        "found" int NOT NULL DEFAULT 0,
        "recurring" int NOT NULL DEFAULT 0,
        "recurring_30d" int NOT NULL DEFAULT 0,
        "closed" int NOT NULL DEFAULT 0,
        "came_back_30d" int NOT NULL DEFAULT 0,
        PRIMARY KEY ("category", "grid_path", "day")
      )`);
    await q.query(`CREATE INDEX "category_daily_community_idx" ON "office"."category_daily" ("category", "community_path", "day")`);
    await q.query(`CREATE INDEX "category_daily_grid_path_gist" ON "office"."category_daily" USING gist ("grid_path")`);
    await q.query(`
      CREATE TABLE "office"."spikes" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "place_path" ltree NOT NULL,
        "place_level" text NOT NULL CHECK ("place_level" IN ('grid', 'community')),
        "category" text NOT NULL,
        "key_area" text NOT NULL,
        "day" date NOT NULL,
        "observed" int NOT NULL,
        "expected" double precision NOT NULL,
        "p_value" double precision NOT NULL,
        "incident_id" uuid NOT NULL,
        "detected_at" timestamptz NOT NULL DEFAULT now(),
        UNIQUE ("place_path", "category", "day")
      )`);
    await q.query(`CREATE INDEX "spikes_day_idx" ON "office"."spikes" ("day" DESC, "detected_at" DESC)`);
    await q.query(`CREATE INDEX "spikes_place_gist" ON "office"."spikes" USING gist ("place_path")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "office"."spikes"`);
    await q.query(`DROP TABLE IF EXISTS "office"."category_daily"`);
    await q.query(`DROP TABLE IF EXISTS "office"."recurrence_places"`);
    await q.query(`DROP INDEX IF EXISTS "office"."incidents_recurrence_of_idx"`);
    await q.query(`ALTER TABLE "office"."incidents" DROP COLUMN IF EXISTS "recurred_at", DROP COLUMN IF EXISTS "recurrence_of"`);
  }
}
