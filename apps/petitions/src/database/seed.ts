import { DataSource } from 'typeorm';
import { streetDay } from '@grid122/calendar';
import { createRng, demoStreet, personName, phoneNumber, Rng } from '@grid122/demo-street';
import { PiiCipher } from '@grid122/privacy';
import { loadPetitionsEnv } from '../config/petitions.env';
import { protectCategory } from '../population/special-categories';

const DAY = 86_400_000;
const MATTERS = ['demolition_compensation', 'wage_arrears', 'property_management', 'housing', 'social_security', 'environment', 'urban_management', 'neighbourhood', 'law_and_enforcement', 'other'];
const CHANNELS = ['visit', 'letter', 'phone', 'online'];
const DISPUTE_TYPES = ['neighbour', 'family', 'property_management', 'labour', 'land_housing', 'contract_debt'];
const SUMMARIES: Record<string, string> = {
  demolition_compensation: '对征收补偿标准有异议，要求重新评估',
  wage_arrears: '装修公司拖欠农民工工资',
  property_management: '物业公司服务不到位，电梯长期故障',
  housing: '申请公租房多次未果',
  social_security: '退休待遇核定有误',
  environment: '餐饮油烟扰民',
  urban_management: '违章搭建影响通行',
  neighbourhood: '邻居占用公共楼道',
  law_and_enforcement: '对执法结果不服',
  other: '其他诉求',
};
/** Special-population registers of a street of ~14,000 residents: count and share at high risk. */
const REGISTERS: [string, number, number][] = [
  ['community_corrections', 18, 0.2],
  ['released_prisoner', 42, 0.1],
  ['severe_mental_disorder', 152, 0.15],
  ['drug_user', 12, 0.35],
  ['key_youth', 25, 0.1],
];

/** A step of a demo story, never later than an hour ago: no demo record lies in the future. */
const past = (t: number): Date => new Date(Math.min(t, Date.now() - 3600_000));

/** A random moment in the calendar month `back` months before now's (Beijing time), never in the future. */
function inMonth(now: number, back: number, rng: Rng): Date {
  const local = new Date(now + 8 * 3600_000);
  const start = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - back, 1) - 8 * 3600_000;
  const end = Math.min(now, Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - back + 1, 1) - 8 * 3600_000);
  return new Date(start + Math.floor(rng.next() * (end - start)));
}

/** A synthetic resident ID number (GB 11643 check digit) for the street's district. */
function idNumber(rng: Rng): string {
  const birth = new Date(Date.UTC(rng.int(1950, 2005), rng.int(0, 11), rng.int(1, 28)));
  const body = `320106${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(rng.int(0, 999)).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = body.split('').reduce((s, d, i) => s + Number(d) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

/**
 * Demo data of the petitions service for the demo street (DEMO_MODE only). Idempotent: skips
 * when petitions exist. Synthetic people only (generated names, numbers and ID numbers).
 * Twelve months of petitions that fall month on month (双下降), disputes mostly settled in the
 * grid or community, the five special-population registers with follow-ups, floating population
 * on the street's buildings, a lifted and a current warning, weekly meetings and receptions.
 */
export async function seedDemo(ds: DataSource): Promise<void> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM petitions.petitions`);
  if (n > 0) return;
  const env = loadPetitionsEnv();
  const cipher = new PiiCipher(env.piiKeys('petitions'));
  const enc = (v: string | null) => (v ? cipher.encrypt(v) : null);
  const city = demoStreet();
  const street = city.grids.find((g) => g.level === 'street')!;
  const l3 = city.grids.filter((g) => g.level === 'building_cluster');
  const residential = l3.filter((g) => g.clusterKind === 'residential');
  const buildings = city.buildings.filter((b) => residential.some((g) => g.id === b.gridId));
  const gridById = new Map(l3.map((g) => [g.id, g]));
  const rng = createRng('petitions-demo');
  let ordinal = 0;
  const person = () => {
    const r = rng.fork('person', ordinal++);
    return { name: personName(r, r.chance(0.5) ? 'male' : 'female'), phone: phoneNumber(900_000 + ordinal, 122), idNumber: idNumber(r) };
  };
  const now = Date.now();
  const staff = { id: '00000000-0000-0000-0000-00000000c0de', name: '信访办 周敏' };

  await ds.transaction(async (m) => {
    // ---- petitions: 12 months, falling volume and collective petitions ----
    const repeaters = Array.from({ length: 12 }, () => ({ p: person(), matter: rng.pick(MATTERS) }));
    let seq = 0;
    for (let month = 11; month >= 0; month--) {
      const volume = 22 + Math.round(month * 1.6) + rng.int(0, 2);
      const collective = Math.max(0, Math.round(month / 3) + rng.int(0, 1));
      for (let i = 0; i < volume; i++) {
        const receivedAt = inMonth(now, month, rng);
        const grid = rng.pick(residential);
        const isRepeat = rng.chance(0.12);
        const who = isRepeat ? rng.pick(repeaters) : { p: person(), matter: rng.pick(MATTERS) };
        const isGroup = i < collective;
        const headcount = isGroup ? rng.int(5, 30) : 1;
        const age = now - receivedAt.getTime();
        const state = age > 70 * DAY ? 'closed' : age > 40 * DAY ? rng.pick(['replied', 'closed']) : age > 10 * DAY ? rng.pick(['accepted', 'replied']) : rng.pick(['received', 'accepted']);
        const acceptedAt = state === 'received' ? null : past(receivedAt.getTime() + rng.int(1, 10) * DAY);
        const replyDue = acceptedAt ? new Date(acceptedAt.getTime() + 60 * DAY) : null;
        const repliedAt = ['replied', 'closed'].includes(state) && acceptedAt ? new Date(Math.min(now, acceptedAt.getTime() + rng.int(10, 64) * DAY)) : null;
        const hash = cipher.hash(`id:${who.p.idNumber}`);
        const root = isRepeat ? (await m.query(`SELECT COALESCE(repeat_of_id, id) AS root FROM petitions.petitions WHERE petitioner_hash = $1 AND matter = $2 ORDER BY received_at LIMIT 1`, [hash, who.matter]))[0]?.root ?? null : null;
        seq++;
        await m.query(
          `INSERT INTO petitions.petitions (ref, channel, petitioner_kind, petitioner_name, petitioner_id_number, petitioner_phone, petitioner_hash, headcount, matter, summary,
             key_area, grid_path, grid_id, state, owner_id, owner_name, received_by_id, received_by_name, received_at, accept_due_at, accepted_at, reply_due_at,
             replied_at, reply, reply_on_time, closed_at, repeat_of_id)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'petitions_stability',$11::ltree,$12,$13,$14,$15,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24)`,
          [
            `XF${receivedAt.getUTCFullYear()}${String(seq).padStart(6, '0')}`, rng.pick(CHANNELS), isGroup ? 'group' : 'person',
            enc(who.p.name), enc(who.p.idNumber), enc(who.p.phone), hash, headcount, who.matter, SUMMARIES[who.matter], grid.path, grid.id, state,
            staff.id, staff.name, receivedAt, new Date(receivedAt.getTime() + 15 * DAY), acceptedAt, replyDue, repliedAt,
            repliedAt ? '经调查核实，已依法依规答复信访人' : null, repliedAt && replyDue ? repliedAt <= replyDue : null,
            state === 'closed' && repliedAt ? new Date(Math.min(now, repliedAt.getTime() + 5 * DAY)) : null, root,
          ],
        );
      }
    }
    await m.query(`SELECT setval('petitions.petition_ref_seq', $1)`, [seq]);

    // ---- disputes: ~14 a month, 80-85% settled in the grid or community ----
    let dseq = 0;
    for (let month = 11; month >= 0; month--) {
      for (let i = 0; i < 12 + rng.int(0, 5); i++) {
        const grid = rng.pick(residential);
        const openedAt = new Date(now - month * 30 * DAY - rng.int(0, 29) * DAY);
        const done = now - openedAt.getTime() > 14 * DAY || rng.chance(0.5);
        const failed = done && rng.chance(0.08);
        const level = rng.weightedPick(['grid', 'community', 'street', 'district'], [55, 28, 13, 4]);
        const state = !done ? 'mediating' : failed ? 'referred' : rng.chance(0.7) ? 'closed' : 'settled';
        dseq++;
        const ref = `TJ${openedAt.getUTCFullYear()}${String(dseq).padStart(6, '0')}`;
        const mediators = [{ kind: 'grid_mediator', name: '网格调解员', accountId: null }, ...(level !== 'grid' ? [{ kind: 'judicial_worker', name: '司法所调解员', accountId: null }] : [])];
        const settledAt = done && !failed ? past(openedAt.getTime() + rng.int(1, 12) * DAY) : null;
        const [{ id }] = await m.query(
          `INSERT INTO petitions.disputes (ref, type, summary, grid_path, grid_id, state, mediators, agreement_terms, settled_level, settled_at, failure_reason, referred_to, opened_by_name, opened_at, closed_at)
           VALUES ($1,$2,$3,$4::ltree,$5,$6,$7::jsonb,$8,$9,$10,$11,$12,'网格员',$13,$14) RETURNING id`,
          [ref, rng.pick(DISPUTE_TYPES), '双方因日常琐事发生争执', grid.path, grid.id, state, JSON.stringify(mediators),
            settledAt ? '双方达成和解，互谅互让' : null, settledAt ? level : null, settledAt, failed ? '双方分歧较大' : null, failed ? '区人民法院' : null,
            openedAt, state === 'closed' && settledAt ? past(settledAt.getTime() + DAY) : null],
        );
        for (const side of ['applicant', 'respondent']) {
          const p = person();
          await m.query(`INSERT INTO petitions.dispute_parties (dispute_id, side, name, phone, person_hash) VALUES ($1,$2,$3,$4,$5)`, [id, side, enc(p.name), enc(p.phone), cipher.hash(`ph:${p.phone}`)]);
        }
        await m.query(
          `INSERT INTO petitions.dispute_sessions (dispute_id, held_at, mediators, summary, result, recorded_by_name) VALUES ($1,$2,$3::jsonb,'组织双方面对面调解',$4,'网格员')`,
          [id, settledAt ?? past(openedAt.getTime() + DAY), JSON.stringify(mediators), !done ? 'continued' : failed ? 'failed' : 'agreement'],
        );
      }
    }
    await m.query(`SELECT setval('petitions.dispute_ref_seq', $1)`, [dseq]);

    // ---- special populations with follow-ups ----
    for (const [category, count, highShare] of REGISTERS) {
      for (let i = 0; i < count; i++) {
        const b = rng.pick(buildings);
        const grid = gridById.get(b.gridId)!;
        const p = person();
        const risk = rng.chance(highShare) ? 'high' : rng.chance(0.3) ? 'medium' : 'low';
        const interval = risk === 'high' ? 7 : 30;
        const registeredAt = new Date(now - rng.int(60, 900) * DAY);
        // Most are visited on time; a few are behind (the overdue list is not empty).
        const lastVisit = new Date(now - (rng.chance(0.9) ? rng.int(0, interval - 1) : interval + rng.int(1, 20)) * DAY);
        const [{ id }] = await m.query(
          `INSERT INTO petitions.special_people (category_enc, category_hash, category_follow_up_days, category_high_risk_follow_up_days, name, id_number, phone, person_hash,
             gender, grid_path, grid_id, building_id, risk_level, responsible_worker_name, registered_at, last_follow_up_at)
           SELECT $1, $14, c.follow_up_days, c.high_risk_follow_up_days, $2,$3,$4,$5,$6,$7::ltree,$8,$9,$10,$11,$12,$13 FROM petitions.population_categories c WHERE c.code = $15 RETURNING id`,
          [protectCategory(cipher, category).category_enc, enc(p.name), enc(p.idNumber), enc(p.phone), cipher.hash(`id:${p.idNumber}`), rng.chance(0.6) ? 'male' : 'female', grid.path, grid.id, b.id, risk, `${grid.name}网格员`, registeredAt, lastVisit,
            protectCategory(cipher, category).category_hash, category],
        );
        for (let k = 0; k < 3; k++) {
          await m.query(
            `INSERT INTO petitions.follow_ups (person_id, visited_at, method, visitor_id, visitor_name, situation, grid_path) VALUES ($1,$2,$3,$4,$5,$6,$7::ltree)`,
            [id, new Date(lastVisit.getTime() - k * interval * DAY), rng.pick(['home_visit', 'talk', 'phone']), staff.id, `${grid.name}网格员`, rng.pick(['在家，情绪稳定', '按时报到，表现良好', '家属反映近况正常']), grid.path],
          );
        }
      }
    }

    // ---- floating population on residential buildings ----
    for (let i = 0; i < 320; i++) {
      const b = rng.pick(buildings);
      const grid = gridById.get(b.gridId)!;
      const p = person();
      const arrived = new Date(now - rng.int(10, 700) * DAY);
      const left = rng.chance(0.2) ? new Date(Math.min(now, arrived.getTime() + rng.int(30, 300) * DAY)) : null;
      await m.query(
        `INSERT INTO petitions.floating_people (name, id_number, phone, person_hash, building_id, grid_path, grid_id, origin, occupation, arrived_on, left_on, registered_by_name)
         VALUES ($1,$2,$3,$4,$5,$6::ltree,$7,$8,$9,$10::date,$11::date,$12)`,
        [enc(p.name), enc(p.idNumber), enc(p.phone), cipher.hash(`id:${p.idNumber}`), b.id, grid.path, grid.id, rng.pick(['安徽滁州', '江苏盐城', '河南信阳', '安徽六安', '山东临沂', '江西上饶']),
          rng.pick(['快递员', '外卖骑手', '装修工', '餐饮服务员', '保安', '个体经营']), arrived.toISOString().slice(0, 10), left ? left.toISOString().slice(0, 10) : null, `${grid.name}网格员`],
      );
    }

    // ---- warnings: a lifted holiday warning and a current yellow one over two communities ----
    const communities = city.grids.filter((g) => g.level === 'community');
    const warn = async (ref: string, level: number, kind: string, reason: string, start: number, end: number, state: string, paths: string[], acked: number) => {
      const [{ id }] = await m.query(
        `INSERT INTO petitions.stability_warnings (ref, level, reason_kind, reason, starts_at, ends_at, state, scope_path, issued_by_name, issued_at, lifted_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8::ltree,'街道指挥中心',$5,$9) RETURNING id`,
        [ref, level, kind, reason, new Date(start), new Date(end), state, street.path, state === 'lifted' ? new Date(end) : null],
      );
      for (const [i, p] of paths.entries()) {
        await m.query(`INSERT INTO petitions.warning_grids (warning_id, grid_path, acknowledged_at, acknowledged_by_name) VALUES ($1,$2::ltree,$3,$4)`, [id, p, i < acked ? new Date(start + 3600_000) : null, i < acked ? '社区网格长' : null]);
      }
    };
    await warn(`YJ${new Date(now).getUTCFullYear()}0001`, 1, 'holiday', '国庆长假期间加强矛盾排查', now - 120 * DAY, now - 112 * DAY, 'lifted', communities.map((c) => c.path), communities.length);
    await warn(`YJ${new Date(now).getUTCFullYear()}0002`, 2, 'demolition', '东片区征收签约期，防范群体性上访', now - 2 * DAY, now + 12 * DAY, 'active', communities.slice(0, 2).map((c) => c.path), 1);
    await m.query(`SELECT setval('petitions.warning_ref_seq', 2)`);

    // ---- weekly stability meetings and leadership receptions ----
    for (let w = 0; w < 12; w++) {
      await m.query(
        `INSERT INTO petitions.stability_meetings (held_on, grid_path, chair, attendees, topics, decisions, recorded_by_name) VALUES ($1::date,$2::ltree,'街道政法委员',$3::jsonb,$4,$5::jsonb,$6)`,
        [streetDay(now - (w * 7 + 1) * DAY), street.path,
          JSON.stringify([{ name: '综治办主任', role: '综治办' }, { name: '派出所副所长', role: '派出所' }, { name: '司法所所长', role: '司法所' }, { name: '信访办主任', role: '信访办' }]),
          '研判本周信访和矛盾纠纷形势，部署重点人员稳控', JSON.stringify([{ text: '对重点信访人逐一落实包案责任', owner: '信访办', dueOn: null }]), staff.name],
      );
    }
    for (let k = 0; k < 6; k++) {
      const start = new Date(now + (k - 3) * 7 * DAY);
      start.setUTCHours(1, 0, 0, 0);
      const kind = k % 2 === 0 ? 'topic' : 'appointment';
      const held = start.getTime() < now;
      const [{ id }] = await m.query(
        `INSERT INTO petitions.receptions (kind, leader_name, leader_title, topic, place, grid_path, starts_at, ends_at, slot_minutes, state, published_at, held_at, outcome)
         VALUES ($1,$2,$3,$4,'街道信访接待室',$5::ltree,$6,$7,30,$8,$9,$10,$11) RETURNING id`,
        [kind, kind === 'topic' ? '街道党工委书记' : '分管副主任', kind === 'topic' ? 'party_secretary' : 'member_in_charge', kind === 'topic' ? '征收补偿政策点题接访' : '住房保障预约接访',
          street.path, start, new Date(start.getTime() + 3 * 3600_000), held ? 'held' : 'published', new Date(Math.min(start.getTime() - 7 * DAY, now - 3600_000)), held ? start : null, held ? '接待信访人6批次，当场答复4件' : null],
      );
      for (let s = 0; s < 6; s++) {
        await m.query(`INSERT INTO petitions.reception_slots (reception_id, starts_at, ends_at) VALUES ($1,$2,$3)`, [id, new Date(start.getTime() + s * 30 * 60_000), new Date(start.getTime() + (s + 1) * 30 * 60_000)]);
      }
    }
  });
}
