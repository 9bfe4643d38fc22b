import { KEY_AREAS, KeyArea, SYSTEM_ACTOR } from '@grid122/contracts';
import { createRng, democraticVerdict, demoId, demoStreet, Grid } from '@grid122/demo-street';
import { OutboxWriter } from '@grid122/messaging';
import { DataSource } from 'typeorm';
import { addMonths, currentMonth, halfYearOf, monthDate } from '../common/month';
import { IndicatorRepository } from '../indicator/indicator.repository';
import { DEFAULT_PLANS, SUPERVISION_PLANS } from '../plan/default-plans';
import { PlanRepository } from '../plan/plan.repository';
import { ScoreRepository } from '../score/score.repository';
import { ScoreService } from '../score/score.service';
import { democraticRate } from '../survey/survey.service';
import { SurveyRepository } from '../survey/survey.repository';

/** Key-area mix of found problems, after the Qinling Road ledger (DOMAIN.md §2). */
const KEY_AREA_WEIGHTS: Record<KeyArea, number> = {
  illegal_production: 36,
  illegal_business: 220,
  illegal_construction: 181,
  production_safety: 209,
  petitions_stability: 145,
  grassroots_organisation: 1,
  other: 4,
};

/** event_id, indicator, event_type, month, occurred_at, grid_path, person_id, handler_id, department_id, key_area, value */
type Fact = [string, string, string, string, string, string, string | null, string | null, string | null, string | null, number];

/**
 * Demo data of the appraisal service for the demo street (DEMO_MODE only). Idempotent: skipped
 * when facts exist. Default plans, grid grades and names, the roster (every level-3 grid head and
 * every seconded staff member), twelve months of facts as the events would have left them, the
 * half-yearly democratic appraisals, then the twelve monthly closes through the real scoring.
 */
export async function seedDemo(ds: DataSource): Promise<void> {
  const already: { n: string }[] = await ds.query(`SELECT count(*) AS n FROM appraisal.indicator_facts`);
  if (Number(already[0].n) > 0) return;

  const plans = new PlanRepository(ds);
  if ((await plans.countAll()) === 0) {
    await ds.transaction(async (m) => {
      for (const p of [...DEFAULT_PLANS, ...SUPERVISION_PLANS]) await plans.insertVersion(m, p, 'seed');
    });
  }

  const city = demoStreet();
  const byId = new Map(city.grids.map((g) => [g.id, g]));
  const named = city.grids.filter((g) => g.level === 'street' || g.level === 'community' || g.level === 'compound' || g.level === 'building_cluster');
  for (let i = 0; i < named.length; i += 500) {
    const part = named.slice(i, i + 500);
    await ds.query(
      `INSERT INTO appraisal.grids (path, name, grade) SELECT p::ltree, n, g FROM unnest($1::text[], $2::text[], $3::text[]) AS t(p, n, g) ON CONFLICT (path) DO NOTHING`,
      [part.map((g) => g.path), part.map((g) => g.name), part.map((g) => g.grade ?? 'B')],
    );
  }
  const people = new Map(city.people.map((p) => [p.id, p]));
  const heads = city.assignments.filter((a) => a.role === 'grid_head' && byId.get(a.gridId)?.level === 'building_cluster');
  const seconded = city.departmentLinks;
  const roster = [
    ...heads.map((a) => ({ id: a.personId, kind: 'grid_worker', path: byId.get(a.gridId)!.path, dep: null as string | null })),
    ...seconded.map((l) => ({ id: l.personId, kind: 'seconded', path: byId.get(l.gridId)!.path, dep: l.departmentId })),
  ];
  const uniq = [...new Map(roster.map((r) => [r.id, r])).values()];
  await ds.query(
    `INSERT INTO appraisal.appraisees (person_id, name, kind, grid_path, department_id)
     SELECT id, n, k, p::ltree, d FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[]) AS t(id, n, k, p, d) ON CONFLICT DO NOTHING`,
    [uniq.map((r) => r.id), uniq.map((r) => people.get(r.id)?.name ?? r.id), uniq.map((r) => r.kind), uniq.map((r) => r.path), uniq.map((r) => r.dep)],
  );

  // Who handles what: the seconded staff linked to each level-2 grid.
  const secondedOf = new Map<string, { personId: string; departmentId: string }[]>();
  for (const l of seconded) {
    const path = byId.get(l.gridId)!.path;
    secondedOf.set(path, [...(secondedOf.get(path) ?? []), { personId: l.personId, departmentId: l.departmentId }]);
  }

  const last = addMonths(currentMonth(), -1);
  const months = Array.from({ length: 12 }, (_, i) => addMonths(last, i - 11));
  const facts: Fact[] = [];
  const area = KEY_AREAS.map((k) => KEY_AREA_WEIGHTS[k]);
  for (const head of heads) {
    const grid = byId.get(head.gridId)!;
    const l2 = grid.path.split('.').slice(0, 5).join('.');
    // each head has a steady quality and a month-to-month wobble: rankings move, tiers rise and fall
    const rng = createRng(`appraisal:${head.personId}`);
    const quality = rng.float(0.78, 0.99);
    for (const month of months) {
      const r = rng.fork(month);
      const at = `${month}-${String(r.int(1, 28)).padStart(2, '0')}T02:00:00.000Z`;
      const q = Math.min(1, Math.max(0.5, quality + r.float(-0.08, 0.06)));
      const found = r.int(3, 12);
      for (let i = 0; i < found; i++) {
        const incident = demoId('incident', `${head.personId}:${month}:${i}`);
        const key = (kind: string) => demoId('appraisal-fact', `${incident}:${kind}`);
        const ka = r.weightedPick(KEY_AREAS, area);
        const f = (kind: string, indicator: string, handler: string | null = null, dep: string | null = null): Fact => [key(kind), indicator, `seed.${kind}`, monthDate(month), at, grid.path, head.personId, handler, dep, ka, 1];
        facts.push(f('reported', 'incidents_reported'), f('registered', 'incidents_registered'));
        const helpers = secondedOf.get(l2) ?? [];
        const helper = helpers.length && r.chance(0.3) ? r.pick(helpers) : null;
        if (helper) {
          facts.push(f('dispatched', 'incidents_dispatched', null, helper.departmentId));
          if (r.chance(0.96)) facts.push(f('accepted', 'incidents_accepted', helper.personId, helper.departmentId));
          else facts.push(f('returned', 'incidents_returned', helper.personId, helper.departmentId));
        }
        if (!r.chance(q + 0.02)) continue; // still open at month end
        const h = helper?.personId ?? null;
        const d = helper?.departmentId ?? null;
        facts.push(f('closed', 'incidents_closed', h, d));
        if (r.chance(0.97)) facts.push(f('fixed', 'incidents_fixed', h, d));
        if (r.chance(q)) facts.push(f('on_time', 'incidents_closed_on_time', h, d));
        if (r.chance((1 - q) * 0.6)) facts.push(f('reworked', 'incidents_reworked', h, d));
        const level = r.weightedPick(['grid', 'community', 'street', 'district'], [50, 32, 13, 5]);
        facts.push(f(`resolved`, `resolved_at_${level}`, h, d));
      }
      const diaries = Math.round(r.int(14, 24) * (0.6 + 0.4 * q));
      const month0 = demoId('diary-month', `${head.personId}:${month}`);
      facts.push([month0, 'diaries_filed', 'seed.diaries', monthDate(month), at, grid.path, head.personId, null, null, null, diaries]);
      facts.push([month0, 'household_visits', 'seed.diaries', monthDate(month), at, grid.path, head.personId, null, null, null, diaries * r.int(2, 5)]);
    }
  }
  // one verified complaint in the year, so the year-end page shows the rule at work
  const unlucky = heads[7];
  facts.push([demoId('complaint', unlucky.personId), 'complaints_verified', 'petitions.complaint.verified', monthDate(months[4]), `${months[4]}-10T02:00:00.000Z`, byId.get(unlucky.gridId)!.path, unlucky.personId, null, null, null, 1]);

  for (let i = 0; i < facts.length; i += 1000) {
    const part = facts.slice(i, i + 1000);
    const col = (k: number) => part.map((f) => f[k]);
    await ds.query(
      `INSERT INTO appraisal.indicator_facts (event_id, indicator, event_type, month, occurred_at, grid_path, person_id, handler_id, department_id, key_area, value)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::timestamptz[], $6::ltree[], $7::uuid[], $8::uuid[], $9::uuid[], $10::text[], $11::numeric[])
       ON CONFLICT DO NOTHING`,
      [col(0), col(1), col(2), col(3), col(4), col(5), col(6), col(7), col(8), col(9), col(10)],
    );
  }

  // Half-yearly democratic appraisal (民主评议) of every level-2 grid by ~20 residents' representatives.
  const halves = [...new Set(months.map(halfYearOf))];
  for (const g of city.grids.filter((x) => x.level === 'compound')) {
    for (const h of halves) {
      // The verdict the registry's 民主评议 meeting of the half-year records (the same numbers).
      const { satisfied, basicallySatisfied: basically, dissatisfied } = democraticVerdict(g.id, h);
      await ds.query(
        `INSERT INTO appraisal.surveys (kind, status, grid_path, half_year, satisfied, basically_satisfied, dissatisfied, rate, month, answered_at)
         VALUES ('democratic', 'answered', $1::ltree, $2, $3, $4, $5, $6, $7, now()) ON CONFLICT DO NOTHING`,
        [g.path, h, satisfied, basically, dissatisfied, democraticRate(satisfied, basically, dissatisfied), monthDate(`${h.slice(0, 4)}-${h.endsWith('1') ? '06' : '12'}`)],
      );
    }
  }

  // The twelve monthly closes, through the same scoring as the service's recompute.
  const scores = new ScoreService(ds, new ScoreRepository(ds), plans, new IndicatorRepository(ds), new SurveyRepository(ds), new OutboxWriter('appraisal', 'appraisal'));
  for (const month of months) await scores.recompute(SYSTEM_ACTOR, { month });
}
