import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The social services team's tables: care recipients and their support, the voucher ledger,
 * service requests, household visits, volunteers/teams/activities and the points ledger, the love
 * supermarket, the service points of the 15-minute circle and the circle's copy of the grid tree.
 * Invariants live in CHECK constraints as well as in the service: stock and points balances never
 * go below zero, whatever code runs.
 */
export class SocialServices1795310000000 implements MigrationInterface {
  name = 'SocialServices1795310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE social.grids (
        id uuid PRIMARY KEY,
        path ltree NOT NULL UNIQUE,
        name text NOT NULL,
        level text NOT NULL,
        households int NOT NULL DEFAULT 0 CHECK (households >= 0),
        centroid geography(Point, 4326),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX grids_path_gist ON social.grids USING gist (path)`);
    await q.query(`CREATE INDEX grids_centroid_gist ON social.grids USING gist (centroid)`);

    await q.query(`
      CREATE TABLE social.recipient_categories (
        code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
        label_zh text NOT NULL,
        label_en text NOT NULL,
        sensitive boolean NOT NULL DEFAULT false,
        builtin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO social.recipient_categories (code, label_zh, label_en, sensitive, builtin) VALUES
        ('elderly', '60岁以上老人', 'Elderly (over 60)', false, true),
        ('empty_nest', '空巢老人', 'Empty-nest elderly', false, true),
        ('living_alone', '独居老人', 'Elderly living alone', false, true),
        ('low_income', '低保户', 'Low-income household (dibao)', false, true),
        ('low_income_edge', '低保边缘户', 'Low-income-edge family', false, true),
        ('disabled', '持证残疾人', 'Certified disabled', false, true),
        ('mental_illness', '精神病患者', 'Mental illness', true, true)`);

    await q.query(`
      CREATE TABLE social.volunteer_teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        special boolean NOT NULL DEFAULT false,
        description text,
        street_path ltree NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (street_path, code)
      )`);
    await q.query(`
      CREATE TABLE social.volunteers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid UNIQUE,
        name text NOT NULL,
        gender text CHECK (gender IN ('male', 'female')),
        phone_enc text,
        phone_hash text,
        grid_id uuid,
        grid_path ltree NOT NULL,
        y_role text,
        points_balance int NOT NULL DEFAULT 0 CHECK (points_balance >= 0),
        points_earned int NOT NULL DEFAULT 0 CHECK (points_earned >= 0),
        points_spent int NOT NULL DEFAULT 0 CHECK (points_spent >= 0),
        hours_total numeric(10, 2) NOT NULL DEFAULT 0 CHECK (hours_total >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (points_balance = points_earned - points_spent)
      )`);
    await q.query(`CREATE INDEX volunteers_grid_path_gist ON social.volunteers USING gist (grid_path)`);
    await q.query(`
      CREATE TABLE social.volunteer_team_members (
        team_id uuid NOT NULL REFERENCES social.volunteer_teams (id) ON DELETE CASCADE,
        volunteer_id uuid NOT NULL REFERENCES social.volunteers (id) ON DELETE CASCADE,
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, volunteer_id)
      )`);
    await q.query(`CREATE INDEX volunteer_team_members_volunteer_idx ON social.volunteer_team_members (volunteer_id)`);

    await q.query(`
      CREATE TABLE social.care_recipients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        gender text CHECK (gender IN ('male', 'female')),
        birth_date date,
        id_number_enc text,
        id_number_hash text,
        phone_enc text,
        phone_hash text,
        categories text[] NOT NULL CHECK (cardinality(categories) > 0),
        sensitive boolean NOT NULL DEFAULT false,
        disability_category text,
        disability_grade smallint CHECK (disability_grade BETWEEN 1 AND 4),
        household_members jsonb NOT NULL DEFAULT '[]',
        grid_id uuid,
        grid_path ltree NOT NULL,
        building_id uuid,
        building_name text,
        address text,
        location geography(Point, 4326),
        pair_helper_volunteer_id uuid REFERENCES social.volunteers (id) ON DELETE SET NULL,
        voucher_issued_cents int NOT NULL DEFAULT 0 CHECK (voucher_issued_cents >= 0),
        voucher_redeemed_cents int NOT NULL DEFAULT 0 CHECK (voucher_redeemed_cents >= 0),
        -- the ledger's sum, kept beside it so a redemption is one conditional UPDATE
        voucher_balance_cents int NOT NULL DEFAULT 0 CHECK (voucher_balance_cents >= 0),
        active boolean NOT NULL DEFAULT true,
        note text,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (voucher_balance_cents = voucher_issued_cents - voucher_redeemed_cents)
      )`);
    await q.query(`CREATE INDEX care_recipients_grid_path_gist ON social.care_recipients USING gist (grid_path)`);
    await q.query(`CREATE INDEX care_recipients_categories_gin ON social.care_recipients USING gin (categories)`);
    await q.query(`CREATE INDEX care_recipients_building_idx ON social.care_recipients (building_id) WHERE building_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX care_recipients_id_number_uq ON social.care_recipients (id_number_hash) WHERE id_number_hash IS NOT NULL`);
    await q.query(`
      CREATE TABLE social.recipient_supports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_id uuid NOT NULL REFERENCES social.care_recipients (id) ON DELETE CASCADE,
        kind text NOT NULL,
        monthly_amount_cents int CHECK (monthly_amount_cents >= 0),
        started_on date NOT NULL DEFAULT current_date,
        ended_on date,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ended_on IS NULL OR ended_on >= started_on)
      )`);
    await q.query(`CREATE INDEX recipient_supports_recipient_idx ON social.recipient_supports (recipient_id)`);
    await q.query(`CREATE INDEX recipient_supports_active_kind_idx ON social.recipient_supports (kind) WHERE ended_on IS NULL`);
    await q.query(`
      CREATE TABLE social.identity_reads (
        id bigserial PRIMARY KEY,
        recipient_id uuid NOT NULL REFERENCES social.care_recipients (id) ON DELETE CASCADE,
        actor_id uuid NOT NULL,
        actor_name text NOT NULL,
        reason text NOT NULL,
        read_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`CREATE SEQUENCE social.service_request_seq`);
    await q.query(`
      CREATE TABLE social.service_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        service_type text NOT NULL,
        source text NOT NULL,
        incident_id uuid UNIQUE,
        incident_code text,
        recipient_id uuid REFERENCES social.care_recipients (id),
        title text NOT NULL,
        description text,
        grid_id uuid,
        grid_path ltree NOT NULL,
        building_id uuid,
        address text,
        location geography(Point, 4326),
        scheduled_for timestamptz,
        state text NOT NULL,
        assignee_kind text CHECK (assignee_kind IN ('volunteer', 'staff')),
        assignee_volunteer_id uuid REFERENCES social.volunteers (id),
        assignee_staff_id uuid,
        assignee_name text,
        hours numeric(6, 2) CHECK (hours > 0),
        voucher_cents int NOT NULL DEFAULT 0 CHECK (voucher_cents >= 0),
        delivery_note text,
        delivered_by_id uuid,
        satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
        points_awarded int NOT NULL DEFAULT 0,
        reason text,
        requested_by_id uuid,
        requested_by_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        assigned_at timestamptz,
        delivered_at timestamptz,
        confirmed_at timestamptz,
        closed_at timestamptz
      )`);
    await q.query(`CREATE INDEX service_requests_grid_path_gist ON social.service_requests USING gist (grid_path)`);
    await q.query(`CREATE INDEX service_requests_state_idx ON social.service_requests (state, created_at DESC)`);
    await q.query(`CREATE INDEX service_requests_recipient_idx ON social.service_requests (recipient_id) WHERE recipient_id IS NOT NULL`);
    await q.query(`CREATE INDEX service_requests_volunteer_idx ON social.service_requests (assignee_volunteer_id) WHERE assignee_volunteer_id IS NOT NULL`);
    await q.query(`CREATE INDEX service_requests_delivered_idx ON social.service_requests (delivered_at) WHERE delivered_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE social.voucher_ledger (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_id uuid NOT NULL REFERENCES social.care_recipients (id) ON DELETE CASCADE,
        grid_path ltree NOT NULL,
        entry text NOT NULL CHECK (entry IN ('issue', 'redeem')),
        amount_cents int NOT NULL CHECK (amount_cents > 0),
        balance_after_cents int NOT NULL CHECK (balance_after_cents >= 0),
        month date,
        service_request_id uuid REFERENCES social.service_requests (id),
        note text,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (entry <> 'issue' OR month IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX voucher_ledger_monthly_issue_uq ON social.voucher_ledger (recipient_id, month) WHERE entry = 'issue'`);
    await q.query(`CREATE UNIQUE INDEX voucher_ledger_request_redeem_uq ON social.voucher_ledger (service_request_id) WHERE entry = 'redeem' AND service_request_id IS NOT NULL`);
    await q.query(`CREATE INDEX voucher_ledger_recipient_idx ON social.voucher_ledger (recipient_id, created_at)`);
    await q.query(`CREATE INDEX voucher_ledger_created_idx ON social.voucher_ledger (created_at)`);

    await q.query(`
      CREATE TABLE social.visits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_ref text NOT NULL,
        building_id uuid,
        recipient_id uuid REFERENCES social.care_recipients (id) ON DELETE SET NULL,
        grid_id uuid,
        grid_path ltree NOT NULL,
        visitor_id uuid NOT NULL,
        visitor_name text,
        visited_at timestamptz NOT NULL,
        kind text NOT NULL,
        findings text,
        follow_up boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX visits_grid_path_gist ON social.visits USING gist (grid_path)`);
    await q.query(`CREATE INDEX visits_visited_at_idx ON social.visits (visited_at)`);
    await q.query(`CREATE INDEX visits_household_idx ON social.visits (household_ref, visited_at)`);

    await q.query(`
      CREATE TABLE social.volunteer_activities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        volunteer_id uuid NOT NULL REFERENCES social.volunteers (id) ON DELETE CASCADE,
        team_id uuid REFERENCES social.volunteer_teams (id) ON DELETE SET NULL,
        service_request_id uuid REFERENCES social.service_requests (id),
        title text NOT NULL,
        activity_date date NOT NULL,
        hours numeric(6, 2) NOT NULL CHECK (hours > 0 AND hours <= 24),
        grid_path ltree NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (volunteer_id, service_request_id)
      )`);
    await q.query(`CREATE INDEX volunteer_activities_date_idx ON social.volunteer_activities (activity_date)`);
    await q.query(`CREATE INDEX volunteer_activities_team_idx ON social.volunteer_activities (team_id, activity_date)`);
    await q.query(`
      CREATE TABLE social.points_ledger (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        volunteer_id uuid NOT NULL REFERENCES social.volunteers (id) ON DELETE CASCADE,
        delta int NOT NULL CHECK (delta <> 0),
        balance_after int NOT NULL CHECK (balance_after >= 0),
        reason text NOT NULL,
        service_request_id uuid REFERENCES social.service_requests (id),
        exchange_id uuid,
        note text,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX points_ledger_service_uq ON social.points_ledger (service_request_id) WHERE reason = 'service_confirmed'`);
    await q.query(`CREATE INDEX points_ledger_volunteer_idx ON social.points_ledger (volunteer_id, created_at DESC)`);
    await q.query(`CREATE INDEX points_ledger_created_idx ON social.points_ledger (created_at)`);

    await q.query(`
      CREATE TABLE social.supermarket_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        unit text NOT NULL,
        category text,
        point_price int NOT NULL CHECK (point_price > 0),
        unit_value_cents int NOT NULL CHECK (unit_value_cents >= 0),
        stock int NOT NULL DEFAULT 0 CHECK (stock >= 0),
        active boolean NOT NULL DEFAULT true,
        store_path ltree NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (store_path, code)
      )`);
    await q.query(`CREATE SEQUENCE social.donation_seq`);
    await q.query(`
      CREATE TABLE social.donations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        donor_kind text NOT NULL,
        donor_name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('money', 'goods')),
        money_cents int NOT NULL DEFAULT 0 CHECK (money_cents >= 0),
        goods_value_cents int NOT NULL DEFAULT 0 CHECK (goods_value_cents >= 0),
        received_at timestamptz NOT NULL DEFAULT now(),
        store_path ltree NOT NULL,
        note text,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'money' AND money_cents > 0 AND goods_value_cents = 0) OR (kind = 'goods' AND money_cents = 0))
      )`);
    await q.query(`CREATE INDEX donations_received_idx ON social.donations (store_path, received_at)`);
    await q.query(`
      CREATE TABLE social.donation_lines (
        donation_id uuid NOT NULL REFERENCES social.donations (id) ON DELETE CASCADE,
        item_id uuid NOT NULL REFERENCES social.supermarket_items (id),
        quantity int NOT NULL CHECK (quantity > 0),
        unit_value_cents int NOT NULL CHECK (unit_value_cents >= 0),
        PRIMARY KEY (donation_id, item_id)
      )`);
    await q.query(`
      CREATE TABLE social.exchanges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        volunteer_id uuid NOT NULL REFERENCES social.volunteers (id),
        item_id uuid NOT NULL REFERENCES social.supermarket_items (id),
        quantity int NOT NULL CHECK (quantity > 0),
        points int NOT NULL CHECK (points > 0),
        unit_value_cents int NOT NULL,
        store_path ltree NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX exchanges_volunteer_idx ON social.exchanges (volunteer_id, created_at DESC)`);
    await q.query(`CREATE INDEX exchanges_created_idx ON social.exchanges (created_at)`);
    await q.query(`
      CREATE TABLE social.stock_movements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        item_id uuid NOT NULL REFERENCES social.supermarket_items (id),
        store_path ltree NOT NULL,
        kind text NOT NULL CHECK (kind IN ('donation', 'purchase', 'exchange', 'adjustment', 'write_off')),
        delta int NOT NULL CHECK (delta <> 0),
        unit_value_cents int NOT NULL CHECK (unit_value_cents >= 0),
        cash_cents int NOT NULL DEFAULT 0 CHECK (cash_cents >= 0),
        donation_id uuid REFERENCES social.donations (id),
        exchange_id uuid REFERENCES social.exchanges (id),
        note text,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX stock_movements_item_idx ON social.stock_movements (item_id, created_at)`);
    await q.query(`CREATE INDEX stock_movements_store_idx ON social.stock_movements (store_path, created_at)`);

    await q.query(`
      CREATE TABLE social.service_points (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        type text NOT NULL,
        address text,
        location geography(Point, 4326) NOT NULL,
        grid_id uuid,
        grid_path ltree,
        opening_hours text,
        phone text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX service_points_location_gist ON social.service_points USING gist (location)`);
    await q.query(`CREATE INDEX service_points_grid_path_gist ON social.service_points USING gist (grid_path)`);
    await q.query(`CREATE INDEX service_points_type_idx ON social.service_points (type) WHERE active`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'service_points', 'stock_movements', 'exchanges', 'donation_lines', 'donations', 'supermarket_items',
      'points_ledger', 'volunteer_activities', 'visits', 'voucher_ledger', 'service_requests', 'identity_reads',
      'recipient_supports', 'care_recipients', 'volunteer_team_members', 'volunteers', 'volunteer_teams',
      'recipient_categories', 'grids',
    ]) {
      await q.query(`DROP TABLE IF EXISTS social.${t}`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS social.donation_seq`);
    await q.query(`DROP SEQUENCE IF EXISTS social.service_request_seq`);
  }
}
