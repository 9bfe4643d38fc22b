import { randomBytes } from 'node:crypto';
import { PiiCipher } from '@grid122/privacy';
import { reencryptProtectedValues } from '@grid122/bootstrap';
import { eventually } from '@grid122/testing';
import { loadOfficeEnv } from '../../../office/src/config/office.env';
import { protectOfficePlain } from '../../../office/src/database/protect-plain';
import { loadPetitionsEnv } from '../../../petitions/src/config/petitions.env';
import { protectPlainSpecialCategories } from '../../../petitions/src/population/special-categories';
import { startSuite, STREET, Suite } from '../support/suite';

/**
 * Hostile network, personal data (issue 20 item 8): a reporter's phone and name are masked in
 * every list and view for every role — the street commander and the system admin too; the full
 * value only through the audited reveal, which the system admin, the auditor and the security
 * admin never get (三员分立); the office's own key with its key id, rotated without a stop (the
 * office restarted on a new active key reads its old reports; re-encrypted, the old key can go);
 * no phone or resident name in the office's events; special-population categories (刑满释放,
 * 社区矫正, 吸毒 …) shown only to the roles that work the registers, never in an event.
 */
jest.setTimeout(240_000);

const GRID = `${STREET}.c01.g2_01.g3_01`;
const GRID_ID = '11111111-1111-4111-8111-111111111111';
const PHONE = '13912345678';
const NAME = '王阿姨';
const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');

describe('hostile network: personal data', () => {
  let suite: Suite;
  let n = 0;
  const bearer = async (u: string) => ({ authorization: `Bearer ${await suite.token(u)}` });
  const report = (who = 'commander', phone = PHONE, title = '噪音扰民') => {
    n += 1;
    return suite.report(who, {
      source: 'hotline_12345',
      title: `${title} ${n}`,
      description: `${NAME}来电，电话 ${phone}`,
      keyArea: 'other',
      category: 'exposed_rubbish',
      location: { lng: 118.7 + n * 0.002, lat: 32.1 },
      gridId: GRID_ID,
      gridPath: GRID,
      reporter: { name: NAME, phone },
    });
  };
  const reveal = async (who: string, id: string) => suite.http().post(`/api/v1/incidents/${id}/reveal-phone`).set(await bearer(who)).send({ reason: '回访核实处理结果' });
  const office = () => suite.dataSource('office');
  /** The reveal once the restarted office answers (its first request may meet a connection still settling: a retry, as a client does). */
  const revealAfterRestart = (id: string) =>
    eventually(async () => {
      const res = await reveal('commander', id);
      if (res.status >= 500) throw new Error(`reveal after restart: ${res.status} ${JSON.stringify(res.body)}`);
      return res;
    }, 30_000, 500);

  beforeAll(async () => {
    suite = await startSuite({ services: ['office', 'petitions'], env: { OFFICE_SWEEP_INTERVAL_MS: '0', PII_KEYS: `k1:${k1}`, PII_ACTIVE_KEY_ID: 'k1' } });
    await (await suite.dataSource('gateway')).query(
      `INSERT INTO identity.accounts (username, display_name, password_hash, role, scope) SELECT 'secadmin', '安全管理员', password_hash, 'security_admin', '' FROM identity.accounts WHERE username = 'admin'`,
    );
  });
  afterAll(async () => {
    delete process.env.PII_KEYS;
    delete process.env.PII_ACTIVE_KEY_ID;
    await suite?.stop();
  });

  it('masks the reporter in lists and views for every role that reads them, the commander and the admin too (docs/api.md)', async () => {
    const i = await report();
    for (const who of ['admin', 'commander', 'district', 'worker', 'community']) {
      const list = await suite.http().get('/api/v1/incidents?limit=50').set(await bearer(who));
      expect({ who, status: list.status }).toEqual({ who, status: 200 });
      const item = list.body.items.find((x: { id: string }) => x.id === i.id);
      expect({ who, reporter: item?.reporter }).toEqual({ who, reporter: expect.objectContaining({ name: '王**', phone: '139****5678' }) });
      const one = await suite.http().get(`/api/v1/incidents/${i.id}`).set(await bearer(who)).expect(200);
      expect({ who, reporter: one.body.reporter }).toEqual({ who, reporter: expect.objectContaining({ name: '王**', phone: '139****5678' }) });
      expect(JSON.stringify(list.body)).not.toContain(PHONE);
    }
  });

  it('reveals to the street command with an audit entry in the hash chain, and to no administrator (三员分立)', async () => {
    const i = await report();
    const gw = await suite.dataSource('gateway');
    const res = await reveal('commander', i.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: i.id, code: i.code, reporter: { name: NAME, phone: PHONE } });
    const [entry] = await gw.query(`SELECT a.action, a.target, a.result, a.details, a.seq, a.hash FROM identity.audit_log a WHERE a.action = 'pii.reveal' AND a.target = $1 AND a.result = 'ok'`, [`office.incident:${i.id}`]);
    expect(entry).toMatchObject({ action: 'pii.reveal', result: 'ok', details: { fields: ['reporter.name', 'reporter.phone'], reason: '回访核实处理结果', code: i.code } });
    expect(entry.seq).toBeDefined();
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(entry)).not.toContain(PHONE); // the audit says who saw what, not the value

    for (const who of ['admin', 'auditor', 'secadmin', 'district', 'worker']) {
      const refused = await reveal(who, i.id);
      expect({ who, status: refused.status, body: JSON.stringify(refused.body).includes(PHONE) }).toEqual({ who, status: 403, body: false });
    }
    // an enforcement member of a case not dispatched to enforcement: refused by the office itself, and noted
    const unit = await reveal('enforcement', i.id);
    expect([403, 404]).toContain(unit.status);
    const denied = await gw.query(`SELECT count(*)::int AS n FROM identity.audit_log a JOIN identity.accounts u ON u.id = a.actor_id WHERE u.username IN ('admin', 'auditor', 'secadmin') AND a.action = 'authz.denied' AND a.target LIKE '%reveal-phone%'`);
    expect(denied[0].n).toBeGreaterThanOrEqual(3);
    const verify = await suite.http().get('/api/v1/audit/verify').set(await bearer('auditor')).expect(200);
    expect(verify.body.ok).toBe(true);
  });

  it('answers 503 and shows nothing when the reveal cannot be audited', async () => {
    const i = await report();
    const owner = await suite.dataSource('gateway');
    await owner.query(`CREATE OR REPLACE FUNCTION identity.refuse_reveal_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.action = 'pii.reveal' THEN RAISE EXCEPTION 'audit down'; END IF; RETURN NEW; END $$`);
    await owner.query(`CREATE TRIGGER refuse_reveal_audit BEFORE INSERT ON identity.audit_log FOR EACH ROW EXECUTE FUNCTION identity.refuse_reveal_audit()`);
    try {
      const res = await reveal('commander', i.id);
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('AUDIT_UNAVAILABLE');
      expect(JSON.stringify(res.body)).not.toContain(PHONE);
    } finally {
      await owner.query(`DROP TRIGGER refuse_reveal_audit ON identity.audit_log`);
    }
  });

  it('keeps old rows readable across a key rotation without a stop, and lets the old key go once re-encrypted', async () => {
    const old = await report();
    const db = await office();
    const [before] = await db.query(`SELECT reporter_phone, reporter_name FROM office.incidents WHERE id = $1`, [old.id]);
    expect(before.reporter_phone).toMatch(/^v2:k1:/);
    expect(before.reporter_name).toMatch(/^v2:k1:/); // the caller's name protected like the phone

    // k2 added and made active, the office restarted (a rolling restart of its replicas)
    process.env.PII_KEYS = `k1:${k1},k2:${k2}`;
    process.env.PII_ACTIVE_KEY_ID = 'k2';
    await suite.stopService('office');
    await suite.startService('office');
    const during = await revealAfterRestart(old.id);
    expect({ status: during.status, body: during.body }).toMatchObject({ status: 200, body: { reporter: { phone: PHONE } } });
    const fresh = await report('commander', '13800001111');
    const [after] = await db.query(`SELECT reporter_phone FROM office.incidents WHERE id = $1`, [fresh.id]);
    expect(after.reporter_phone).toMatch(/^v2:k2:/);

    // re-encrypted while the office runs, then k1 dropped
    const done = await reencryptProtectedValues(db, 'office', new PiiCipher(loadOfficeEnv().piiKeys('office')));
    expect(done.find((c) => c.table === 'incidents' && c.column === 'reporter_phone')).toMatchObject({ unreadable: 0 });
    expect((await db.query(`SELECT count(*)::int AS n FROM office.incidents WHERE reporter_phone LIKE 'v2:k1:%' OR reporter_name LIKE 'v2:k1:%'`))[0].n).toBe(0);
    process.env.PII_KEYS = `k2:${k2}`;
    await suite.stopService('office');
    await suite.startService('office');
    const last = await revealAfterRestart(old.id);
    expect({ status: last.status, body: last.body }).toMatchObject({ status: 200, body: { reporter: { name: NAME, phone: PHONE } } });
    const listed = await suite.http().get(`/api/v1/incidents/${old.id}`).set(await bearer('commander')).expect(200);
    expect(listed.body.reporter.phone).toBe('139****5678');
  });

  it('encrypts a reporter name written in clear before names were protected (reencrypt-pii\'s first pass); it still reads, masked and revealed', async () => {
    const i = await report('commander', '13700002222');
    const db = await office();
    await db.query(`UPDATE office.incidents SET reporter_name = '李大爷' WHERE id = $1`, [i.id]); // as written before encryption
    expect((await suite.http().get(`/api/v1/incidents/${i.id}`).set(await bearer('commander')).expect(200)).body.reporter.name).toBe('李**');
    const cipher = new PiiCipher(loadOfficeEnv().piiKeys('office'));
    const [pass] = await protectOfficePlain(db, cipher);
    expect(pass).toMatchObject({ table: 'incidents', column: 'reporter_name', unreadable: 0 });
    expect(pass.encrypted).toBeGreaterThanOrEqual(1);
    expect((await protectOfficePlain(db, cipher))[0].encrypted).toBe(0); // safe to run again
    const [row] = await db.query(`SELECT reporter_name FROM office.incidents WHERE id = $1`, [i.id]);
    expect(row.reporter_name).toMatch(new RegExp(`^v2:${cipher.activeKeyId}:`));
    expect((await db.query(`SELECT count(*)::int AS n FROM office.incidents WHERE reporter_name IS NOT NULL AND reporter_name !~ '^v[12]:'`))[0].n).toBe(0);
    expect((await suite.http().get(`/api/v1/incidents/${i.id}`).set(await bearer('commander')).expect(200)).body.reporter.name).toBe('李**');
    const shown = await reveal('commander', i.id);
    expect({ status: shown.status, name: shown.body.reporter?.name }).toEqual({ status: 200, name: '李大爷' });
  });

  it('puts no phone and no resident name in the office\'s events (outbox), escalation dossier included', async () => {
    const i = await report('commander', PHONE, `噪音扰民，回电 ${PHONE}`); // a phone written into the title
    await suite.http().post(`/api/v1/incidents/${i.id}/register`).set(await bearer('commander')).send({ note: `已联系 ${PHONE}` }).expect(200);
    await suite.http().post(`/api/v1/incidents/${i.id}/escalate`).set(await bearer('commander')).send({ reason: `超出街道职权，${NAME}要求区里处理，电话${PHONE}` }).expect(200);
    const events: { type: string; event: unknown }[] = await (await office()).query(`SELECT type, event FROM office.outbox ORDER BY created_at`);
    expect(events.length).toBeGreaterThan(5);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['office.incident.reported', 'office.incident.registered', 'office.incident.escalated']));
    for (const e of events) {
      const text = JSON.stringify(e.event);
      expect({ type: e.type, phone: text.match(/(?<!\d)1[3-9]\d{9}(?!\d)/)?.[0] ?? null, name: text.includes(NAME) }).toEqual({ type: e.type, phone: null, name: false });
    }
  });

  it('shows special-population categories only to the roles that work the registers, and puts none in an event', async () => {
    const G3 = GRID;
    const person = await suite.http().post('/api/v1/special-populations').set(await bearer('petitions'))
      .send({ category: 'community_corrections', identity: { name: '郭明', idNumber: '320106198507071234', phone: '13922223333' }, gridPath: G3, riskLevel: 'high' });
    expect(person.status).toBe(201);
    for (const who of ['petitions', 'commander', 'worker']) {
      const list = await suite.http().get('/api/v1/special-populations').set(await bearer(who)).expect(200);
      expect({ who, category: list.body.items.find((x: { id: string }) => x.id === person.body.id)?.category }).toEqual({ who, category: 'community_corrections' });
    }
    for (const who of ['district', 'admin']) {
      const list = await suite.http().get('/api/v1/special-populations').set(await bearer(who));
      expect({ who, status: list.status }).toEqual({ who, status: 200 });
      const item = list.body.items.find((x: { id: string }) => x.id === person.body.id);
      expect({ who, category: item?.category, identity: item?.identity?.name }).toEqual({ who, category: 'sensitive', identity: '郭*' });
      expect(JSON.stringify(list.body.items)).not.toContain('community_corrections');
      const one = await suite.http().get(`/api/v1/special-populations/${person.body.id}`).set(await bearer(who)).expect(200);
      expect({ who, category: one.body.category }).toEqual({ who, category: 'sensitive' });
      const filtered = await suite.http().get('/api/v1/special-populations?category=community_corrections').set(await bearer(who));
      expect({ who, status: filtered.status }).toEqual({ who, status: 403 });
    }
    // the identity: revealed to the command with an entry in the hash chain too (the petitions' own audit besides), never to the admin
    const shown = await suite.http().post(`/api/v1/special-populations/${person.body.id}/reveal`).set(await bearer('commander')).send({ reason: '核查矫正期间外出情况' });
    expect(shown.status).toBe(200);
    expect(shown.body.identity).toMatchObject({ name: '郭明', phone: '13922223333' });
    const [chained] = await (await suite.dataSource('gateway')).query(`SELECT result, details FROM identity.audit_log WHERE action = 'pii.reveal' AND target = $1`, [`petitions.special_person:${person.body.id}`]);
    expect(chained).toEqual({ result: 'ok', details: { reason: '核查矫正期间外出情况' } });
    expect((await suite.http().post(`/api/v1/special-populations/${person.body.id}/reveal`).set(await bearer('admin')).send({ reason: '系统管理员想看' })).status).toBe(403);
    const visit = await suite.http().post(`/api/v1/special-populations/${person.body.id}/follow-ups`).set(await bearer('worker')).send({ visitedAt: new Date().toISOString(), method: 'home_visit', situation: '在家，情绪稳定，按时报到' });
    expect(visit.status).toBe(201);
    const events: { type: string; event: { data: Record<string, unknown> } }[] = await (await suite.dataSource('petitions')).query(`SELECT type, event FROM petitions.outbox ORDER BY created_at`);
    const followUp = events.find((e) => e.type === 'petitions.followup.recorded' || e.type.includes('follow'));
    expect(followUp?.event.data).toMatchObject({ personId: person.body.id, category: 'sensitive' });
    for (const e of events) expect({ type: e.type, leaks: /community_corrections|13922223333|郭明|320106198507071234/.test(JSON.stringify(e.event)) }).toEqual({ type: e.type, leaks: false });
  });

  it('stores a special person\'s register encrypted with a blind index: filter, counts and the hub\'s follow-up figures as before; a row written in clear is protected by the re-runnable pass', async () => {
    const petitions = await suite.dataSource('petitions');
    // the petitions service runs on the suite's first ring (k1), whatever the office was restarted with
    const petitionsCipher = () => new PiiCipher(loadPetitionsEnv({ ...process.env, PII_KEYS: `k1:${k1}`, PII_ACTIVE_KEY_ID: 'k1' }).piiKeys('petitions'));
    const list = async (q = '') => (await suite.http().get(`/api/v1/special-populations${q}`).set(await bearer('petitions')).expect(200)).body;
    const before = await list();
    const hubBefore = (await suite.http().get('/api/v1/hub').set(await bearer('commander')).expect(200)).body;
    const drug = await suite.http().post('/api/v1/special-populations').set(await bearer('petitions'))
      .send({ category: 'drug_user', identity: { name: '钱某', idNumber: '320106197003031111', phone: '13933334444' }, gridPath: GRID, riskLevel: 'high' });
    expect(drug.status).toBe(201);
    const [row] = await petitions.query(`SELECT category, category_enc, category_hash, category_follow_up_days FROM petitions.special_people WHERE id = $1`, [drug.body.id]);
    expect(row.category).toBeNull();
    expect(row.category_enc).toMatch(/^v2:/);
    expect(JSON.stringify(row)).not.toContain('drug_user');
    expect(row.category_follow_up_days).toBeGreaterThan(0); // the register's cadence kept on the row
    // one entry per register still holds (the unique index is on the blind index)
    expect((await suite.http().post('/api/v1/special-populations').set(await bearer('petitions'))
      .send({ category: 'drug_user', identity: { name: '钱某', idNumber: '320106197003031111' }, gridPath: GRID, riskLevel: 'low' })).status).toBe(409);

    // a row written in clear (before the protection, or by an older replica)
    const [legacy] = await petitions.query(
      `INSERT INTO petitions.special_people (category, name, grid_path, risk_level, registered_at) VALUES ('drug_user', $1, $2::ltree, 'low', now()) RETURNING id`,
      [petitionsCipher().encrypt('孙某'), GRID],
    );
    const mid = await list('?category=drug_user&limit=200');
    expect(mid.items.map((x: { id: string }) => x.id)).toContain(drug.body.id);
    expect((await suite.http().get(`/api/v1/special-populations/${legacy.id}`).set(await bearer('petitions')).expect(200)).body.category).toBe('drug_user');
    const cipher = petitionsCipher();
    expect(await protectPlainSpecialCategories(petitions, cipher)).toBe(1);
    expect(await protectPlainSpecialCategories(petitions, cipher)).toBe(0); // safe to run again
    const [protectedLegacy] = await petitions.query(`SELECT category, category_enc FROM petitions.special_people WHERE id = $1`, [legacy.id]);
    expect(protectedLegacy).toMatchObject({ category: null, category_enc: expect.stringMatching(/^v2:/) });

    const after = await list('?limit=200');
    const filtered = await list('?category=drug_user&limit=200');
    expect(filtered.items.map((x: { id: string }) => x.id).sort()).toEqual([drug.body.id, legacy.id].sort());
    expect(filtered.items.every((x: { category: string }) => x.category === 'drug_user')).toBe(true);
    // the counts: as before, plus the two
    const count = (b: { counts: { category: string; total: number }[] }, c: string) => b.counts.find((x) => x.category === c)?.total ?? 0;
    expect(count(after, 'drug_user')).toBe(count(before, 'drug_user') + 2);
    expect(count(after, 'community_corrections')).toBe(count(before, 'community_corrections'));
    expect(after.counts.reduce((n: number, c: { total: number }) => n + c.total, 0)).toBe(after.total);
    // the hub's follow-up figures, computed from the cadence kept on the rows, equal a recount of the register's views
    // (the gateway caches a hub panel a few seconds: asked again until fresh)
    const items: { overdue: boolean; nextDueAt: string }[] = after.items;
    expect(after.total).toBe(items.length);
    await eventually(async () => {
      const hub = (await suite.http().get('/api/v1/hub').set(await bearer('commander')).expect(200)).body.panels.petitions.figures;
      const now = Date.now();
      expect({ overdue: hub.followUpsOverdue, due: hub.followUpsDue }).toEqual({
        overdue: items.filter((x) => x.overdue).length,
        due: items.filter((x) => !x.overdue && Date.parse(x.nextDueAt) < now + 7 * 86_400_000).length,
      });
      expect(hub.followUpsOverdue).toBe(hubBefore.panels.petitions.figures.followUpsOverdue); // the new entries are not overdue
    }, 30_000, 1_000);
  });
});
