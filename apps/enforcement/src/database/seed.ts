import { ENFORCEMENT_CATEGORIES, ENFORCEMENT_CATEGORY_KEY_AREA, EnforcementCategory, LOG_GENESIS_HASH } from '@grid122/contracts';
import { createRng, demoStreet, personName, pointInGrid } from '@grid122/demo-street';
import { PiiCipher } from '@grid122/privacy';
import { DataSource, EntityManager } from 'typeorm';
import { loadEnforcementEnv } from '../config/enforcement.env';
import { entryHash } from '../shared/hash-chain';

const DAY = 86_400_000;
const TEAM = { id: '00000000-0000-0000-0000-0000000e0f01', name: '综合执法队' };
const OFFICERS = ['王强', '李明', '陈刚', '刘洋', '周杰', '吴磊', '郑涛', '孙浩'];

/** What the team found, per category: a title, what was found, the notice's requirement. */
const SCENES: Record<EnforcementCategory, [string, string, string][]> = {
  illegal_production: [['居民楼内违规喷漆作业', '一楼车库内从事家具喷漆，无环评手续，气味扰民', '立即停止喷漆作业，拆除喷漆设备']],
  illegal_business: [['无照经营烧烤摊', '沿街门面无营业执照经营夜宵烧烤，占道摆放桌椅', '办理营业执照，停止占道经营']],
  illegal_construction: [['楼顶违法加盖彩钢房', '屋顶新建彩钢房约40平方米，未取得规划许可', '限期自行拆除违法建筑'], ['院内私搭乱建', '小区绿地内搭建砖混结构棚屋', '限期自行拆除']],
  illegal_pyramid_selling: [['出租屋内疑似传销窝点', '多名外地青年聚居，白天集中"上课"', '立即停止聚集活动']],
  illegal_installation: [['违规安装户外广告牌', '门面外墙安装大型灯箱广告，未经审批', '限期拆除广告设施']],
  counterfeiting: [['销售假冒品牌白酒', '烟酒店内查获疑似假冒白酒12箱', '停止销售，封存涉案商品']],
  tax_evasion_fraud: [['商户长期不开发票', '群众反映餐馆拒开发票、隐匿收入', '依法办理税务登记并规范开票']],
  pornography_drugs: [['足浴店涉嫌色情服务', '群众举报夜间有色情招揽行为', '停业整顿']],
  obstructing_construction: [['阻挠管网改造施工', '个别住户堵塞施工通道，阻挠雨污分流改造', '停止阻挠行为']],
  black_workshop: [['食品黑作坊', '农贸市场东侧无证生产豆制品，卫生条件差', '立即停止生产，办理食品生产许可'], ['无证塑料加工作坊', '居民楼底层无证加工塑料制品，消防隐患突出', '停止生产，清除易燃物品']],
  black_agency: [['无资质房屋中介', '门店未备案从事房屋租赁中介，收取高额押金', '停止中介经营']],
  black_clinic: [['居民楼内无证诊所', '无《医疗机构执业许可证》从事输液等诊疗活动', '立即停止执业活动']],
  black_internet_cafe: [['无证黑网吧', '地下室设置电脑20余台对外营业，接纳未成年人', '立即停止营业']],
};

type Outcome = 'opened' | 'inspecting' | 'not_confirmed' | 'notice_open' | 'notice_overdue' | 'complied' | 'closed_complied' | 'penalty' | 'demolished' | 'referred';

/**
 * Demo data of the enforcement service for the demo street (DEMO_MODE only). Idempotent: skips
 * when cases exist. Cases across the 13 categories at every stage (with their hash-chained logs),
 * the competence table bound to the demo district's department ids, and two joint operations.
 * No events are written: the office seeds its own ledger.
 */
export async function seedDemo(ds: DataSource): Promise<void> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM enforcement.cases`);
  if (n > 0) return;
  const city = demoStreet();
  const cipher = new PiiCipher(loadEnforcementEnv().piiKeys('enforcement'));
  const rng = createRng('enforcement-seed');
  const depByCode = new Map(city.departments.map((d) => [d.code, d]));
  const l3 = city.grids.filter((g) => g.level === 'building_cluster');
  const street = city.grids.find((g) => g.level === 'street')!;
  const now = Date.now();

  await ds.transaction(async (m) => {
    for (const d of city.departments) {
      await m.query(`UPDATE enforcement.competent_departments SET department_id = $2 WHERE department_code = $1`, [d.code, d.id]);
    }
    const outcomes: Outcome[] = ['opened', 'inspecting', 'not_confirmed', 'notice_open', 'notice_overdue', 'complied', 'closed_complied', 'closed_complied', 'penalty', 'demolished', 'referred'];
    const caseIds: { id: string; category: string; gridPath: string }[] = [];
    for (let i = 0; i < 48; i++) {
      const category = ENFORCEMENT_CATEGORIES[i % ENFORCEMENT_CATEGORIES.length];
      const scene = rng.pick(SCENES[category]);
      const grid = rng.pick(l3);
      const [lng, lat] = pointInGrid(grid, rng);
      const outcome: Outcome = category === EnforcementCategory.IllegalConstruction && rng.chance(0.5) ? 'demolished' : rng.pick(outcomes);
      // Cases that ran through a notice's comply-by date (up to 30 days) and a decision were opened
      // long enough ago for every step to lie in the past: no demo record in the future.
      const fullTimeline = ['complied', 'closed_complied', 'penalty', 'demolished'].includes(outcome);
      const openedAt = now - rng.int(fullTimeline ? 40 : 3, 120) * DAY;
      const person = rng.chance(0.5);
      const ref = (await m.query(`SELECT 'ZF' || to_char(now(), 'YYYY') || '-' || lpad(nextval('enforcement.case_ref_seq')::text, 6, '0') AS ref`))[0].ref;
      const subjectName = person ? personName(rng, rng.pick(['male', 'female'] as const)) : `${grid.name.replace(/号楼.*$/, '')}${rng.pick(['商贸', '餐饮', '建材', '电子'])}经营部`;
      const idNumber = person ? `320106${rng.int(1960, 2000)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}${rng.int(1000, 9999)}` : `91320106MA${rng.int(10000000, 99999999)}`;
      const phone = `139${rng.int(10000000, 99999999)}`;
      const [{ id }] = await m.query(
        `INSERT INTO enforcement.cases (ref, origin, title, description, category, key_area, state, grid_path, grid_id, address, point,
           subject_kind, subject_name, subject_id_number_enc, subject_id_number_hash, subject_phone_enc, subject_phone_hash, opened_by_id, opened_by_name, opened_at)
         VALUES ($1,'patrol',$2,$3,$4,$5,'opened',$6::ltree,$7,$8,ST_SetSRID(ST_MakePoint($9,$10),4326),$11,$12,$13,$14,$15,$16,$17,$18,$19) RETURNING id`,
        [ref, scene[0], scene[1], category, ENFORCEMENT_CATEGORY_KEY_AREA[category], grid.path, grid.id, `宝塔桥街道${grid.name}`, lng, lat,
          person ? 'person' : 'organisation', subjectName, cipher.encrypt(idNumber), cipher.hash(idNumber), cipher.encrypt(phone), cipher.hash(phone), TEAM.id, TEAM.name, new Date(openedAt)],
      );
      caseIds.push({ id, category, gridPath: grid.path });
      const log = chain(m, id);
      await log('opened', { origin: 'patrol', ref, title: scene[0], category, gridPath: grid.path }, openedAt);
      await walk(m, log, { id, category, outcome, openedAt, requirement: scene[2], rng, now });
    }

    // Two joint operations (联合执法): one finished with results, one upcoming with a department yet to acknowledge.
    const dep = (code: string) => depByCode.get(code)!;
    const market = caseIds.filter((c) => ['black_workshop', 'counterfeiting', 'illegal_business'].includes(c.category)).slice(0, 3);
    const building = caseIds.filter((c) => c.category === 'illegal_construction').slice(0, 4);
    const ops = [
      { name: '农贸市场食品安全专项整治', lead: '综合执法队', start: now - 14 * DAY, hours: 6, deps: ['market_regulation', 'urban_management', 'health', 'public_security'], cases: market, places: ['宝塔桥农贸市场', '金川河菜场', '龙江小区早市'], results: true },
      { name: '违法建设拆除集中行动', lead: '城管局', start: now + 2 * DAY, hours: 8, deps: ['urban_management', 'planning_resources', 'housing_construction', 'power_supply'], cases: building, places: [], results: false },
    ];
    for (const [k, o] of ops.entries()) {
      const ref = `LH${new Date().getFullYear()}-${String(k + 1).padStart(4, '0')}`;
      await m.query(`SELECT nextval('enforcement.operation_ref_seq')`);
      const [{ id }] = await m.query(
        `INSERT INTO enforcement.operations (ref, name, lead_unit, commander_id, commander_name, grid_path, starts_at, ends_at, unack_flagged_at)
         VALUES ($1,$2,$3,$4,'街道指挥中心',$5::ltree,$6,$7,$8) RETURNING id`,
        [ref, o.name, o.lead, TEAM.id, street.path, new Date(o.start), new Date(o.start + o.hours * 3_600_000), o.results ? new Date(o.start) : null],
      );
      for (const [j, code] of o.deps.entries()) {
        const d = dep(code);
        const acked = o.results || j < o.deps.length - 1; // the upcoming one still waits for the last department
        await m.query(
          `INSERT INTO enforcement.operation_departments (operation_id, department_id, department_code, department_name, people, acknowledged_at, acknowledged_by_name) VALUES ($1,$2,$3,$4,$5::jsonb,$6,$7)`,
          [id, d.id, d.code, d.name, JSON.stringify([{ name: personName(rng, rng.pick(['male', 'female'] as const)), badgeNo: null, departmentId: d.id }, { name: personName(rng, rng.pick(['male', 'female'] as const)), badgeNo: null, departmentId: d.id }]), acked ? new Date(Math.min(o.start - DAY, now - 3_600_000)) : null, acked ? `${d.name}联络员` : null],
        );
      }
      let sort = 0;
      for (const c of o.cases) await m.query(`INSERT INTO enforcement.operation_targets (operation_id, sort, case_id, grid_path) VALUES ($1,$2,$3,$4::ltree)`, [id, sort++, c.id, c.gridPath]);
      for (const p of o.places) {
        const g = rng.pick(l3);
        await m.query(`INSERT INTO enforcement.operation_targets (operation_id, sort, place_name, address, grid_path) VALUES ($1,$2,$3,$4,$5::ltree)`, [id, sort++, p, `宝塔桥街道${g.name}`, g.path]);
      }
      if (o.results) {
        await m.query(
          `UPDATE enforcement.operation_targets SET inspected = true, violation_found = (sort % 2 = 0), notices_issued = CASE WHEN sort % 2 = 0 THEN 1 + sort % 3 ELSE 0 END,
             penalty_amount = CASE WHEN sort % 3 = 0 THEN 2000 ELSE 0 END, result_note = '联合检查完成', result_officers = $2::jsonb, recorded_at = $3, recorded_by_id = $4
           WHERE operation_id = $1`,
          [id, JSON.stringify(OFFICERS.slice(0, 2).map((name) => ({ name, badgeNo: null, departmentId: null }))), new Date(o.start + 3 * 3_600_000), TEAM.id],
        );
      }
    }
  });
}

/** Appends hash-chained log entries for one case (the same chain the service writes). */
function chain(m: EntityManager, caseId: string) {
  let seq = 0;
  let prev = LOG_GENESIS_HASH;
  return async (action: string, content: Record<string, unknown>, at: number) => {
    seq++;
    const entry = { caseId, seq, action, actorId: TEAM.id, actorName: TEAM.name, content: JSON.parse(JSON.stringify(content)), occurredAt: new Date(at).toISOString() };
    const hash = entryHash(prev, entry);
    await m.query(
      `INSERT INTO enforcement.case_log (case_id, seq, action, actor_id, actor_name, content, occurred_at, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7,$8,$9)`,
      [caseId, seq, action, TEAM.id, TEAM.name, JSON.stringify(entry.content), entry.occurredAt, prev, hash],
    );
    prev = hash;
  };
}

async function walk(
  m: EntityManager,
  log: (a: string, c: Record<string, unknown>, at: number) => Promise<void>,
  c: { id: string; category: string; outcome: Outcome; openedAt: number; requirement: string; rng: ReturnType<typeof createRng>; now: number },
): Promise<void> {
  const { id, outcome, rng } = c;
  if (outcome === 'opened') return;
  const officers = rng.sample(OFFICERS, 2).map((name) => ({ name, badgeNo: `320106${rng.int(1000, 9999)}`, departmentId: null }));
  const set = (sql: string, ...p: unknown[]) => m.query(`UPDATE enforcement.cases SET ${sql} WHERE id = $1`, [id, ...p]);
  const inspectAt = c.openedAt + DAY;
  const finding = outcome === 'inspecting' ? null : outcome === 'not_confirmed' ? 'not_confirmed' : 'confirmed';
  await m.query(
    `INSERT INTO enforcement.inspections (case_id, kind, inspected_at, officers, finding, notes, recorded_by_id) VALUES ($1,'inspection',$2,$3::jsonb,$4,$5,$6)`,
    [id, new Date(inspectAt), JSON.stringify(officers), finding, finding === 'not_confirmed' ? '现场核查未发现违法行为' : '现场检查，制作询问笔录', TEAM.id],
  );
  await log(finding ? `inspection.${finding}` : 'inspection', { officers, finding, inspectedAt: new Date(inspectAt).toISOString() }, inspectAt);
  if (outcome === 'inspecting') return set(`state = 'inspecting'`);
  if (outcome === 'not_confirmed') return set(`state = 'not_confirmed', finding = 'not_confirmed', handled_at = $2`, new Date(inspectAt));
  if (outcome === 'referred') {
    await log('decision.referral', { officers, referredTo: '公安分局' }, inspectAt + DAY);
    return set(`state = 'referred', finding = 'confirmed', referred_to = '公安分局', handled_at = $2`, new Date(inspectAt + DAY));
  }
  const [{ days }] = await m.query(`SELECT comply_days AS days FROM enforcement.categories WHERE code = $1`, [c.category]);
  // an overdue notice was issued long enough ago for its comply-by date to have passed
  const issuedAt = outcome === 'notice_overdue' ? c.now - (days + rng.int(2, 10)) * DAY : outcome === 'notice_open' ? c.now - rng.int(0, Math.max(0, days - 1)) * DAY : inspectAt + DAY;
  const complyBy = issuedAt + days * DAY;
  const ref = (await m.query(`SELECT 'ZG' || to_char(now(), 'YYYY') || '-' || lpad(nextval('enforcement.notice_ref_seq')::text, 6, '0') AS ref`))[0].ref;
  const complied = outcome === 'complied' || outcome === 'closed_complied';
  const compliedAt = complyBy - rng.int(0, days - 1 > 0 ? days - 1 : 0) * DAY;
  const status = complied ? 'complied' : outcome === 'penalty' || outcome === 'demolished' ? 'escalated' : 'open';
  await m.query(
    `INSERT INTO enforcement.notices (ref, case_id, issued_at, comply_by, requirements, officers, status, next_reinspection_at, reinspections, complied_at)
     VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7,$8,$9,$10)`,
    [ref, id, new Date(issuedAt), new Date(complyBy), c.requirement, JSON.stringify(officers), status, status === 'open' ? new Date(complyBy) : null, complied ? 1 : 0, complied ? new Date(compliedAt) : null],
  );
  await log('notice.issued', { ref, officers, requirements: c.requirement, complyBy: new Date(complyBy).toISOString() }, issuedAt);
  if (status === 'open') return set(`state = 'notice_issued', finding = 'confirmed'`);
  if (complied) {
    await m.query(`INSERT INTO enforcement.inspections (case_id, kind, inspected_at, officers, result, notes, recorded_by_id) VALUES ($1,'reinspection',$2,$3::jsonb,'complied','复查整改到位',$4)`, [id, new Date(compliedAt), JSON.stringify(officers), TEAM.id]);
    await log('reinspection.complied', { officers, result: 'complied' }, compliedAt);
    if (outcome === 'complied') return set(`state = 'complied', finding = 'confirmed', handled_at = $2`, new Date(compliedAt));
    await log('closed', { closureType: 'fixed' }, compliedAt + DAY);
    return set(`state = 'closed', finding = 'confirmed', handled_at = $2, closed_at = $3, closure_type = 'fixed'`, new Date(compliedAt), new Date(compliedAt + DAY));
  }
  const decidedAt = complyBy + 2 * DAY;
  if (outcome === 'penalty') {
    const amount = rng.pick([500, 1000, 2000, 5000, 10000]);
    await log('decision.penalty', { officers, amount, legalBasis: '《无证无照经营查处办法》第十三条' }, decidedAt);
    return set(`state = 'penalty_decided', finding = 'confirmed', penalty_amount = $2, legal_basis = '《无证无照经营查处办法》第十三条', handled_at = $3`, amount, new Date(decidedAt));
  }
  const area = rng.int(15, 120);
  await log('decision.forced_measure', { officers, measure: 'demolition', demolishedAreaM2: area, legalBasis: '《城乡规划法》第六十八条' }, decidedAt);
  await set(`state = 'closed', finding = 'confirmed', forced_measure = 'demolition', demolished_area_m2 = $2, legal_basis = '《城乡规划法》第六十八条', handled_at = $3, closed_at = $4, closure_type = 'fixed'`, area, new Date(decidedAt), new Date(decidedAt + DAY));
  await log('closed', { closureType: 'fixed' }, decidedAt + DAY);
}

