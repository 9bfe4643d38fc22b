import { randomUUID } from 'node:crypto';
import { addMonths, streetCalendar, streetDay } from '@grid122/calendar';
import { DataSource, EntityManager } from 'typeorm';
import { centroid, createRng, demoAccountsScope, demoStreet, personName, phoneNumber, Rng } from '@grid122/demo-street';
import { PiiCipher } from '@grid122/privacy';
import { SERVICE_POINT_TYPES, SERVICE_TYPE_POINTS, ServicePointType, ServiceType } from '@grid122/contracts';
import { loadSocialServicesEnv } from '../config/social-services.env';
import { protectCategories } from '../recipients/recipient-categories';

/**
 * The street's own figures (DOMAIN.md §2). The seed holds a representative sample, not 14,000
 * rows of over-60s; docs/social-services.md prints these totals beside the seeded counts.
 */
export const STREET_FIGURES = {
  over60: 14_000,
  lowIncomeHouseholds: 1_054,
  lowIncomePeople: 1_993,
  lowIncomeEdgeFamilies: 86,
  certifiedDisabled: 1_032,
  mentalIllness: 152,
  alarmDevicesInstalled: 20,
  mealsDelivered: 200,
  vouchersYuan: 1_680,
  volunteerTeams: 13,
  householdVisitRate: 0.98,
} as const;

const RECIPIENTS = 320;
/** L3 grids left without service points, so the gaps map has something to show. */
const GAP_GRIDS = 9;

const at = (lng: number, lat: number) => `SRID=4326;POINT(${lng} ${lat})`;
/**
 * 10:00 on a day of the street month `n` months back. In the current month the day is folded into
 * the days that have begun, and nothing is later than an hour ago: no demo record in the future.
 */
const monthsAgo = (n: number, day = 1): Date => {
  const cal = streetCalendar();
  const today = cal.today();
  const month = addMonths(today.slice(0, 7), -n);
  const d = n === 0 ? 1 + ((day - 1) % Number(today.slice(8, 10))) : day;
  return notFuture(cal.dayStart(`${month}-${String(d).padStart(2, '0')}`).getTime() + 10 * 3_600_000);
};
const notFuture = (t: number): Date => new Date(Math.min(t, Date.now() - 3_600_000));
const ym = (d: Date) => streetCalendar().month(d);

/** A syntactically valid 18-digit resident ID (GB 11643 check digit), synthetic. */
function idNumber(rng: Rng, birth: Date, gender: 'male' | 'female'): string {
  const seq = rng.int(10, 99) * 10 + (gender === 'male' ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8]));
  const body = `320106${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = body.split('').reduce((s, c, i) => s + Number(c) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** Demo data of the social-services service for the demo street (DEMO_MODE only). Idempotent. */
export async function seedDemo(ds: DataSource): Promise<void> {
  const done = await ds.query(`SELECT 1 FROM social.care_recipients LIMIT 1`);
  if (done.length > 0) return;
  const pii = new PiiCipher(loadSocialServicesEnv().piiKeys('social-services'));
  const city = demoStreet();
  const rng = createRng('social-services-seed');
  const street = city.grids.find((g) => g.level === 'street')!;
  const gridById = new Map(city.grids.map((g) => [g.id, g]));
  const l3 = city.grids.filter((g) => g.level === 'building_cluster');

  await ds.transaction(async (m) => {
    // 1. the circle's copy of the grid tree
    const grids = city.grids.filter((g) => ['street', 'community', 'compound', 'building_cluster'].includes(g.level));
    for (let i = 0; i < grids.length; i += 200) {
      const batch = grids.slice(i, i + 200).map((g) => {
        const [lng, lat] = centroid(g);
        return { id: g.id, path: g.path, name: g.name, level: g.level, households: g.households, lng, lat };
      });
      await m.query(
        `INSERT INTO social.grids (id, path, name, level, households, centroid)
         SELECT g.id, g.path::ltree, g.name, g.level, g.households, ST_SetSRID(ST_MakePoint(g.lng, g.lat), 4326)::geography
           FROM jsonb_to_recordset($1::jsonb) AS g(id uuid, path text, name text, level text, households int, lng float8, lat float8)
         ON CONFLICT (id) DO NOTHING`,
        [JSON.stringify(batch)],
      );
    }

    // 2. the 13 volunteer teams (4 special) and their Y members
    const teamIds = new Map<string, string>();
    for (const t of city.volunteerTeams) {
      const id = (await m.query(
        `INSERT INTO social.volunteer_teams (id, code, name, special, street_path) VALUES ($1,$2,$3,$4,$5::ltree) ON CONFLICT DO NOTHING RETURNING id`,
        [t.id, t.code, t.name, t.special, street.path],
      ))[0]?.id ?? t.id;
      teamIds.set(t.id, id);
    }
    const people = new Map(city.people.map((p) => [p.id, p]));
    const postOf = new Map<string, { gridId: string; role: string }>();
    for (const a of city.assignments) if (a.group === 'y' && !postOf.has(a.personId)) postOf.set(a.personId, { gridId: a.gridId, role: a.role });
    const volunteerIds: string[] = [];
    const volunteerGrid = new Map<string, string>();
    for (const t of city.volunteerTeams) {
      for (const pid of t.memberIds) {
        const p = people.get(pid);
        if (!p) continue;
        if (!volunteerGrid.has(pid)) {
          const post = postOf.get(pid);
          const grid = gridById.get(post?.gridId ?? '') ?? street;
          await m.query(
            `INSERT INTO social.volunteers (id, person_id, name, gender, phone_enc, phone_hash, grid_id, grid_path, y_role) VALUES ($1,$1,$2,$3,$4,$5,$6,$7::ltree,$8) ON CONFLICT DO NOTHING`,
            [pid, p.name, p.gender, pii.encrypt(p.phone), pii.hash(p.phone), grid.id, grid.path, post?.role ?? null],
          );
          volunteerIds.push(pid);
          volunteerGrid.set(pid, grid.path);
        }
        await m.query(`INSERT INTO social.volunteer_team_members (team_id, volunteer_id) VALUES ($1,$2) ON CONFLICT DO NOTHING`, [teamIds.get(t.id), pid]);
      }
    }

    // 3. care recipients on residential buildings
    const homes = city.buildings.filter((b) => b.kind === 'residential');
    const recipients: { id: string; gridPath: string; categories: string[]; voucher: boolean }[] = [];
    for (let i = 0; i < RECIPIENTS; i++) {
      const b = rng.pick(homes);
      const grid = gridById.get(b.gridId)!;
      const gender = rng.chance(0.55) ? 'female' : 'male';
      const cats: string[] = [];
      let birthYear = rng.int(1930, 1964);
      if (rng.chance(0.72)) {
        cats.push('elderly');
        if (rng.chance(0.3)) cats.push('empty_nest');
        else if (rng.chance(0.2)) cats.push('living_alone');
      } else birthYear = rng.int(1960, 1995);
      if (rng.chance(0.14)) cats.push(rng.chance(0.93) ? 'low_income' : 'low_income_edge');
      if (rng.chance(0.09)) cats.push('disabled');
      if (rng.chance(0.015)) cats.push('mental_illness');
      if (cats.length === 0) cats.push('low_income');
      const birth = new Date(Date.UTC(birthYear, rng.int(0, 11), rng.int(1, 28)));
      const id = randomUUID();
      const phone = phoneNumber(900_000 + i, 77);
      const idNo = idNumber(rng, birth, gender);
      const members = cats.includes('low_income') || cats.includes('low_income_edge')
        ? Array.from({ length: rng.int(0, 3) }, () => ({ name: personName(rng, rng.chance(0.5) ? 'male' : 'female'), relation: rng.pick(['配偶', '子女', '孙子女']), birthYear: rng.int(1950, 2015) }))
        : [];
      const [lng, lat] = b.point.coordinates;
      const protectedCats = protectCategories(pii, cats);
      await m.query(
        `INSERT INTO social.care_recipients (id, name, gender, birth_date, id_number_enc, id_number_hash, phone_enc, phone_hash, categories_enc, category_index, sensitive,
           disability_category, disability_grade, household_members, grid_id, grid_path, building_id, building_name, address, location, pair_helper_volunteer_id, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10::text[],$11,$12,$13,$14,$15,$16::ltree,$17,$18,$19,$20::geography,$21,$22)`,
        [
          id, personName(rng, gender), gender, birth.toISOString().slice(0, 10), pii.encrypt(idNo), pii.hash(idNo), pii.encrypt(phone), pii.hash(phone),
          protectedCats.categories_enc, protectedCats.category_index, cats.includes('mental_illness'),
          cats.includes('disabled') ? rng.pick(['visual', 'hearing', 'physical', 'intellectual', 'multiple']) : null, cats.includes('disabled') ? rng.int(1, 4) : null,
          JSON.stringify(members), grid.id, grid.path, b.id, b.name, `${b.name}${rng.int(1, b.units)}单元${rng.int(1, b.floors)}0${rng.int(1, 4)}室`, at(lng, lat),
          cats.includes('living_alone') || cats.includes('empty_nest') ? rng.pick(volunteerIds) : null, monthsAgo(rng.int(6, 18)),
        ],
      );
      const voucher = cats.includes('living_alone') || (cats.includes('empty_nest') && birthYear < 1945);
      if (voucher) await m.query(`INSERT INTO social.recipient_supports (recipient_id, kind, monthly_amount_cents, started_on) VALUES ($1,'breakfast_voucher',3000,$2)`, [id, monthsAgo(6)]);
      if (cats.includes('living_alone') && rng.chance(0.5)) await m.query(`INSERT INTO social.recipient_supports (recipient_id, kind, started_on) VALUES ($1,'alarm_device',$2)`, [id, monthsAgo(rng.int(1, 6))]);
      if (cats.includes('low_income')) await m.query(`INSERT INTO social.recipient_supports (recipient_id, kind, monthly_amount_cents, started_on) VALUES ($1,'allowance',$2,$3)`, [id, 89_000, monthsAgo(12)]);
      if (cats.includes('elderly') && birthYear < 1940 && rng.chance(0.5)) await m.query(`INSERT INTO social.recipient_supports (recipient_id, kind, started_on) VALUES ($1,'meal_delivery',$2)`, [id, monthsAgo(4)]);
      recipients.push({ id, gridPath: grid.path, categories: cats, voucher });
    }

    // 4. breakfast vouchers: the last three months issued, most of them redeemed
    for (const r of recipients.filter((x) => x.voucher)) {
      for (const n of [2, 1, 0]) await voucher(m, r.id, r.gridPath, 'issue', 3000, monthsAgo(n, 1));
      const spent = rng.int(3, 8) * 1000;
      await voucher(m, r.id, r.gridPath, 'redeem', spent, monthsAgo(0, 1));
    }

    // 5. service requests over six months, delivered by volunteers and confirmed; points and hours follow
    const types = [ServiceType.MealDelivery, ServiceType.MealDelivery, ServiceType.BreakfastPurchase, ServiceType.HomeRepair, ServiceType.AccompanyHospital, ServiceType.AlarmDeviceInstall, ServiceType.Cleaning, ServiceType.Haircut, ServiceType.Companionship];
    for (let i = 0; i < 240; i++) {
      const r = rng.pick(recipients.filter((x) => !x.categories.includes('mental_illness')));
      const type = rng.pick(types);
      const v = rng.pick(volunteerIds);
      const opened = monthsAgo(rng.int(0, 5), rng.int(1, 25));
      const delivered = notFuture(opened.getTime() + rng.int(2, 48) * 3_600_000);
      const state = i < 225 ? 'confirmed' : i < 232 ? 'assigned' : 'opened';
      const hours = rng.pick([0.5, 1, 1.5, 2, 3]);
      const points = state === 'confirmed' ? SERVICE_TYPE_POINTS[type] : 0;
      const id = randomUUID();
      await m.query(
        `INSERT INTO social.service_requests (id, code, service_type, source, recipient_id, title, grid_path, state, assignee_kind, assignee_volunteer_id, assignee_name,
           hours, delivery_note, satisfaction, points_awarded, created_at, assigned_at, delivered_at, confirmed_at, closed_at)
         SELECT $1, 'SR-' || to_char($2::timestamptz, 'YYYYMMDD') || '-' || lpad(nextval('social.service_request_seq')::text, 5, '0'), $3, $4, $5, $6, $7::ltree, $8,
                CASE WHEN $8 = 'opened' THEN NULL ELSE 'volunteer' END, CASE WHEN $8 = 'opened' THEN NULL ELSE $9::uuid END, CASE WHEN $8 = 'opened' THEN NULL ELSE v.name END,
                CASE WHEN $8 = 'confirmed' THEN $10::numeric END, CASE WHEN $8 = 'confirmed' THEN '已完成' END, CASE WHEN $8 = 'confirmed' THEN $11::int END, $12::int,
                $2, CASE WHEN $8 = 'opened' THEN NULL ELSE $2::timestamptz END, CASE WHEN $8 = 'confirmed' THEN $13::timestamptz END,
                CASE WHEN $8 = 'confirmed' THEN $13::timestamptz END, CASE WHEN $8 = 'confirmed' THEN $13::timestamptz END
           FROM social.volunteers v WHERE v.id = $9`,
        [id, opened, type, rng.pick(['resident', 'volunteer', 'grid_worker']), r.id, `${type === ServiceType.MealDelivery ? '送餐上门' : '上门服务'}`, r.gridPath, state, v, hours, rng.pick([4, 5, 5, 5]), points, delivered],
      );
      if (state === 'confirmed') {
        const bal = (await m.query(`UPDATE social.volunteers SET points_balance = points_balance + $2, points_earned = points_earned + $2, hours_total = hours_total + $3 WHERE id = $1 RETURNING points_balance`, [v, points, hours]))[0][0].points_balance;
        await m.query(`INSERT INTO social.points_ledger (volunteer_id, delta, balance_after, reason, service_request_id, created_at) VALUES ($1,$2,$3,'service_confirmed',$4,$5)`, [v, points, bal, id, delivered]);
        await m.query(`INSERT INTO social.volunteer_activities (volunteer_id, service_request_id, title, activity_date, hours, grid_path, created_at) VALUES ($1,$2,$3,$4::date,$5,$6::ltree,$7)`, [v, id, type, streetDay(delivered), hours, volunteerGrid.get(v), delivered]);
      }
    }
    // team activities (hours per activity)
    for (const t of city.volunteerTeams) {
      for (let k = 0; k < 6; k++) {
        const when = monthsAgo(rng.int(0, 5), rng.int(1, 27));
        for (const pid of rng.sample(t.memberIds, Math.min(4, t.memberIds.length))) {
          const hours = rng.pick([1, 2, 3]);
          await m.query(`INSERT INTO social.volunteer_activities (volunteer_id, team_id, title, activity_date, hours, grid_path, created_at) VALUES ($1,$2,$3,$4::date,$5,$6::ltree,$7)`, [pid, teamIds.get(t.id), `${t.name}集中服务日`, streetDay(when), hours, volunteerGrid.get(pid) ?? street.path, when]);
          await m.query(`UPDATE social.volunteers SET hours_total = hours_total + $2 WHERE id = $1`, [pid, hours]);
        }
      }
    }

    // 6. household visits (进家门) this month: about 98% of households on most grids
    await m.query(
      `INSERT INTO social.visits (household_ref, grid_id, grid_path, visitor_id, visitor_name, visited_at, kind)
       SELECT g.id::text || '-' || n, g.id, g.path, '00000000-0000-0000-0000-000000000000', '网格员',
              -- over the days of the street's month that have begun, never later than an hour ago
              LEAST(($1::date + (n % $2::int) * interval '1 day' + interval '9 hours') AT TIME ZONE $3, now() - interval '1 hour'), 'routine'
         FROM social.grids g, generate_series(1, g.households) n
        WHERE g.level = 'building_cluster' AND (hashtext(g.id::text || n) % 100 + 100) % 100 < 98`,
      [`${streetCalendar().thisMonth()}-01`, Number(streetCalendar().today().slice(8, 10)), streetCalendar().zone],
    );

    // 7. the love supermarket: items, donated stock, a money donation, some exchanges
    const items: [string, string, string, string, number, number][] = [
      ['rice-5kg', '大米5kg', '袋', '粮油', 30, 3500], ['oil-5l', '食用油5L', '桶', '粮油', 60, 6500], ['noodles', '挂面', '包', '粮油', 5, 600],
      ['soap', '肥皂', '块', '日用品', 3, 350], ['detergent', '洗衣液', '瓶', '日用品', 15, 2200], ['towel', '毛巾', '条', '日用品', 8, 1200],
      ['toothpaste', '牙膏', '支', '日用品', 6, 900], ['tissue', '抽纸', '提', '日用品', 10, 1500], ['milk', '牛奶', '箱', '食品', 40, 4800],
      ['eggs', '鸡蛋', '盒', '食品', 12, 1600], ['umbrella', '雨伞', '把', '日用品', 20, 2500], ['thermos', '保温杯', '个', '日用品', 25, 3000],
    ];
    const itemIds: { id: string; price: number; value: number }[] = [];
    for (const [code, name, unit, category, price, value] of items) {
      const id = (await m.query(
        `INSERT INTO social.supermarket_items (code, name, unit, category, point_price, unit_value_cents, store_path) VALUES ($1,$2,$3,$4,$5,$6,$7::ltree) RETURNING id`,
        [code, name, unit, category, price, value, street.path],
      ))[0].id;
      itemIds.push({ id, price, value });
    }
    const donors: [string, string][] = [['shop', '苏果超市宝塔桥店'], ['enterprise', '南京某物业公司'], ['office', '宝塔桥街道办事处'], ['resident', '热心居民张先生'], ['shop', '金盛百货']];
    for (let n = 5; n >= 0; n--) {
      for (const [kind, name] of rng.sample(donors, 2)) {
        const when = monthsAgo(n, rng.int(2, 20));
        const donation = (await m.query(
          `INSERT INTO social.donations (code, donor_kind, donor_name, kind, received_at, store_path) VALUES ('DN-' || to_char($3::timestamptz, 'YYYYMM') || '-' || lpad(nextval('social.donation_seq')::text, 5, '0'), $1, $2, 'goods', $3, $4::ltree) RETURNING id`,
          [kind, name, when, street.path],
        ))[0].id;
        let total = 0;
        for (const it of rng.sample(itemIds, 4)) {
          const q = rng.int(5, 20);
          total += q * it.value;
          await m.query(`INSERT INTO social.donation_lines (donation_id, item_id, quantity, unit_value_cents) VALUES ($1,$2,$3,$4)`, [donation, it.id, q, it.value]);
          await m.query(`UPDATE social.supermarket_items SET stock = stock + $2 WHERE id = $1`, [it.id, q]);
          await m.query(`INSERT INTO social.stock_movements (item_id, store_path, kind, delta, unit_value_cents, donation_id, created_at) VALUES ($1,$2::ltree,'donation',$3,$4,$5,$6)`, [it.id, street.path, q, it.value, donation, when]);
        }
        await m.query(`UPDATE social.donations SET goods_value_cents = $2 WHERE id = $1`, [donation, total]);
      }
      await m.query(
        `INSERT INTO social.donations (code, donor_kind, donor_name, kind, money_cents, received_at, store_path) VALUES ('DN-' || to_char($2::timestamptz, 'YYYYMM') || '-' || lpad(nextval('social.donation_seq')::text, 5, '0'), 'enterprise', '爱心企业联合会', 'money', $1, $2, $3::ltree)`,
        [rng.int(5, 20) * 10_000, monthsAgo(n, 3), street.path],
      );
    }
    const rich = (await m.query(`SELECT id, points_balance, grid_path::text AS grid_path FROM social.volunteers WHERE points_balance >= 10 ORDER BY points_balance DESC LIMIT 40`)) as { id: string; points_balance: number; grid_path: string }[];
    for (const v of rich) {
      const it = rng.pick(itemIds.filter((x) => x.price <= v.points_balance));
      if (!it) continue;
      const took = (await m.query(`UPDATE social.supermarket_items SET stock = stock - 1 WHERE id = $1 AND stock >= 1 RETURNING stock`, [it.id]))[0];
      if (!took.length) continue;
      const ex = randomUUID();
      const when = monthsAgo(0, rng.int(1, 20));
      await m.query(`INSERT INTO social.exchanges (id, volunteer_id, item_id, quantity, points, unit_value_cents, store_path, created_at) VALUES ($1,$2,$3,1,$4,$5,$6::ltree,$7)`, [ex, v.id, it.id, it.price, it.value, street.path, when]);
      const bal = (await m.query(`UPDATE social.volunteers SET points_balance = points_balance - $2, points_spent = points_spent + $2 WHERE id = $1 RETURNING points_balance`, [v.id, it.price]))[0][0].points_balance;
      await m.query(`INSERT INTO social.points_ledger (volunteer_id, delta, balance_after, reason, exchange_id, created_at) VALUES ($1,$2,$3,'exchange',$4,$5)`, [v.id, -it.price, bal, ex, when]);
      await m.query(`INSERT INTO social.stock_movements (item_id, store_path, kind, delta, unit_value_cents, exchange_id, created_at) VALUES ($1,$2::ltree,'exchange',-1,$3,$4,$5)`, [it.id, street.path, it.value, ex, when]);
    }

    // 7b. residents' points (居民积分): residents of 宝塔桥东街社区 (the community account's) awarded points
    //     by their community for participation over the last months; nothing exchanged, so the books stay as above
    const community = demoAccountsScope().communityPath;
    const activities = ['垃圾分类宣传', '楼道清理', '社区议事会', '文明劝导', '邻里互助'];
    for (let i = 0; i < 12; i++) {
      const gender = rng.chance(0.5) ? 'male' : 'female';
      const phone = phoneNumber(950_000 + i, 77);
      const holder = (await m.query(
        `INSERT INTO social.resident_holders (name, phone_enc, phone_hash, grid_path, created_at) VALUES ($1,$2,$3,$4::ltree,$5) RETURNING id`,
        [personName(rng, gender), pii.encrypt(phone), pii.hash(phone), community, monthsAgo(3, 1)],
      ))[0].id;
      let balance = 0;
      for (const n of [2, 1, 0].slice(0, rng.int(1, 3))) {
        const when = monthsAgo(n, rng.int(2, 25));
        const points = rng.pick([5, 10, 15, 20]);
        balance += points;
        await m.query(
          `INSERT INTO social.points_ledger (resident_id, delta, balance_after, reason, activity_date, note, created_at) VALUES ($1,$2,$3,'activity',$4::date,$5,$6)`,
          [holder, points, balance, streetDay(when), rng.pick(activities), when],
        );
      }
      await m.query(`UPDATE social.resident_holders SET points_balance = $2, points_earned = $2 WHERE id = $1`, [holder, balance]);
    }

    // 8. service points: the street's shops, restaurants and clinics, plus the other types near most
    //    building clusters; a few clusters get none, so the gaps map shows them
    const kindToType: Record<string, ServicePointType> = { shop: ServicePointType.Grocery, restaurant: ServicePointType.Canteen, clinic: ServicePointType.Clinic };
    for (const o of city.organisations) {
      const type = kindToType[o.kind];
      if (!type) continue;
      const grid = gridById.get(o.gridId);
      await m.query(`INSERT INTO social.service_points (name, type, location, grid_id, grid_path) VALUES ($1,$2,$3::geography,$4,$5::ltree)`, [o.name, type, at(o.point.coordinates[0], o.point.coordinates[1]), o.gridId, grid?.path ?? null]);
    }
    const gapIds = new Set(rng.sample(l3, GAP_GRIDS).map((g) => g.id));
    const others = SERVICE_POINT_TYPES.filter((t) => !Object.values(kindToType).includes(t));
    for (const g of l3) {
      if (gapIds.has(g.id) || !rng.chance(0.35)) continue;
      const [lng, lat] = centroid(g);
      for (const t of rng.sample(others, rng.int(2, others.length))) {
        await m.query(`INSERT INTO social.service_points (name, type, location, grid_id, grid_path) VALUES ($1,$2,$3::geography,$4,$5::ltree)`, [`${g.name}${t}`, t, at(lng + rng.float(-0.0015, 0.0015), lat + rng.float(-0.0015, 0.0015)), g.id, g.path]);
      }
    }
  });
}

async function voucher(m: EntityManager, recipientId: string, gridPath: string, entry: 'issue' | 'redeem', amount: number, when: Date): Promise<void> {
  const sign = entry === 'issue' ? 1 : -1;
  const up = (await m.query(
    `UPDATE social.care_recipients SET voucher_issued_cents = voucher_issued_cents + $2, voucher_redeemed_cents = voucher_redeemed_cents + $3,
            voucher_balance_cents = voucher_balance_cents + $4
      WHERE id = $1 AND voucher_balance_cents + $4 >= 0 RETURNING voucher_balance_cents`,
    [recipientId, entry === 'issue' ? amount : 0, entry === 'redeem' ? amount : 0, sign * amount],
  ))[0];
  if (!up.length) return;
  await m.query(
    `INSERT INTO social.voucher_ledger (recipient_id, grid_path, entry, amount_cents, balance_after_cents, month, created_at) VALUES ($1,$2::ltree,$3,$4,$5,$6::date,$7)`,
    [recipientId, gridPath, entry, amount, up[0].voucher_balance_cents, entry === 'issue' ? `${ym(when)}-01` : null, when],
  );
}
