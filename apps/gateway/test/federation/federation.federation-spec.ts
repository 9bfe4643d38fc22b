import { randomBytes } from 'node:crypto';
import { NatsConnection } from 'nats';
import { streetLeafLink } from '@grid122/messaging';
import { eventually, freePort } from '@grid122/testing';
import { FederatedNats, Level } from './federation-topology';

/**
 * Street → district federation on this machine: three nats-servers on loopback (the district hub
 * with JetStream domain `district`, two streets `btq` and `jlm` as its leaf nodes with their own
 * domains), one database per level, the real apps as processes (each street: office + gateway;
 * the district: the federation service in FEDERATION_MODE=district and the gateway). Escalations and figures cross up by
 * stream sourcing, tasks cross down the same way; cutting the hub keeps the streets working and
 * the district catches up afterwards with nothing lost and nothing doubled.
 */
jest.setTimeout(420_000);

const BTQ = 'nj.gulou.btq';
const JLM = 'nj.gulou.jlm';
const grid = (street: string) => ({ gridId: street === BTQ ? '11111111-1111-4111-8111-111111111111' : '22222222-2222-4222-8222-222222222222', gridPath: `${street}.c01.g2_01.g3_01` });

describe('federation: two streets and a district over NATS leaf nodes', () => {
  let hub: FederatedNats;
  let district: Level;
  const streets: Record<'btq' | 'jlm', Level> = {} as never;
  let category = 'party_building';
  /** The escalations of the first test, decided on by the district later. */
  const up: Record<'btq' | 'jlm', { id: string; code: string }> = {} as never;

  beforeAll(async () => {
    const leafPort = await freePort();
    // Each street's own user on the district's server (its leaf link), with a fresh password.
    const links = Object.fromEntries((['btq', 'jlm'] as const).map((l) => [l, { link: streetLeafLink(l, l, 'district'), password: randomBytes(18).toString('base64url') }]));
    hub = new FederatedNats('district', 'district', { listenPort: leafPort, members: Object.values(links) });
    await hub.start();
    district = await Level.create('district', hub, ['federation', 'gateway'], {
      FEDERATION_MODE: 'district',
      FEDERATION_DOMAIN: 'district',
      FEDERATION_STREETS: `btq:${BTQ},jlm:${JLM}`,
    });
    for (const [label, path] of [['btq', BTQ], ['jlm', JLM]] as const) {
      const nats = new FederatedNats(`street-${label}`, label, { up: { hubPort: leafPort, ...links[label] } });
      await nats.start();
      streets[label] = await Level.create(label, nats, ['office', 'gateway'], {
        FEDERATION_MODE: 'street',
        FEDERATION_STREET: label,
        FEDERATION_STREET_PATH: path,
        FEDERATION_UPSTREAM_DOMAIN: 'district',
      });
    }
    const levels = [district, streets.btq, streets.jlm];
    for (const l of levels) await l.migrate();
    await Promise.all(levels.map((l) => l.start()));
    await district.seedAccounts([
      { username: 'district', role: 'district_viewer', scope: 'nj.gulou' },
      { username: 'other-district', role: 'district_viewer', scope: 'nj.xuanwu' },
    ]);
    for (const [label, path] of [['btq', BTQ], ['jlm', JLM]] as const) {
      await streets[label].seedAccounts([
        { username: 'commander', role: 'street_commander', scope: path },
        { username: 'worker', role: 'grid_worker', scope: grid(path).gridPath },
      ]);
    }
    const cats = await streets.btq.query<{ code: string }>(`SELECT code FROM office.categories WHERE key_area = 'grassroots_organisation' ORDER BY code LIMIT 1`);
    if (cats[0]) category = cats[0].code;
  }, 400_000);

  afterAll(async () => {
    await Promise.all([district, streets.btq, streets.jlm].filter(Boolean).map((l) => l.stop().catch(() => undefined)));
  });

  const report = async (s: Level, path: string, title: string) => {
    const r = await s.call('POST', '/api/v1/incidents', 'worker', { source: 'grid_patrol', title, keyArea: 'grassroots_organisation', category, address: '3号楼', ...grid(path) });
    expect(r.status).toBe(201);
    return r.body as { id: string; code: string };
  };
  const escalate = async (s: Level, id: string) => {
    expect((await s.call('POST', `/api/v1/incidents/${id}/register`, 'commander', {})).status).toBe(200);
    const r = await s.call('POST', `/api/v1/incidents/${id}/escalate`, 'commander', { reason: '涉及区级职能部门，超出街道职权' });
    expect(r.status).toBe(200);
  };
  const escalations = async (who = 'district') => {
    const r = await district.call('GET', '/api/v1/federation/escalations', who);
    expect(r.status).toBe(200);
    return r.body.items as { street: string; code: string; reason: string; history: unknown[] }[];
  };
  const figures = async (who = 'district') => {
    const r = await district.call('GET', '/api/v1/federation/streets', who);
    expect(r.status).toBe(200);
    return Object.fromEntries((r.body.streets as { street: string; figures: { found: number; escalated: number }; rank: number | null }[]).map((s) => [s.street, s]));
  };
  const streetIncidentsFor = (s: Level, reference: string) =>
    s.query<{ code: string; source: string }>(`SELECT code, source FROM office.incidents WHERE source_ref = $1`, [reference]);

  it('escalations from both streets reach the district, with per-street figures and a ranking', async () => {
    const a1 = await report(streets.btq, BTQ, '楼道堆物 btq-1');
    await report(streets.btq, BTQ, '违章搭建 btq-2');
    const b1 = await report(streets.jlm, JLM, '群租隐患 jlm-1');
    await escalate(streets.btq, a1.id);
    await escalate(streets.jlm, b1.id);
    up.btq = a1;
    up.jlm = b1;

    const items = await eventually(async () => {
      const e = await escalations();
      expect(e.map((x) => x.code).sort()).toEqual([a1.code, b1.code].sort());
      return e;
    }, 60_000, 300);
    expect(Object.fromEntries(items.map((e) => [e.code, e.street]))).toEqual({ [a1.code]: 'btq', [b1.code]: 'jlm' });
    expect(items[0].reason).toContain('超出街道职权');
    expect(items[0].history.length).toBeGreaterThan(0);

    const f = await eventually(async () => {
      const x = await figures();
      expect([x.btq.figures.found, x.jlm.figures.found]).toEqual([2, 1]);
      return x;
    }, 30_000, 300);
    expect([f.btq.figures.escalated, f.jlm.figures.escalated]).toEqual([1, 1]);
    // Neither street closed anything yet: both rank on escalation rate (btq 1/2 beats jlm 1/1).
    expect([f.btq.rank, f.jlm.rank]).toEqual([1, 2]);
  });

  it('the leaf links carry only sourcing: a district client reaches no street service or stream administration, a street nothing of the district but its own tasks', async () => {
    const refused = async (nc: NatsConnection, subject: string) => {
      // a Nest request packet, so a service that gets it answers (here: refusing the unsigned caller)
      const packet = JSON.stringify({ pattern: subject, data: {}, id: randomBytes(8).toString('hex') });
      const err = await nc.request(subject, new TextEncoder().encode(packet), { timeout: 5_000 }).then(
        () => null,
        (e: { code?: string }) => e,
      );
      return { subject, code: err?.code ?? 'answered' };
    };
    // The district's own client with every right on the district's server ("test"): across the leaf
    // link it reaches neither a street's services nor its JetStream administration, nor can it
    // source a street's stream with another filter than the incident events. 503 = no responders.
    const district = await hub.connect('district-client');
    const btqOffice = await streets.btq.nats.connect('btq-office-check');
    try {
      // the same request on the street's own server is answered (the office is there; it refuses the unsigned caller)
      expect((await refused(btqOffice, 'office.incident.get')).code).toBe('answered');
      const fromDistrict = [
        'office.incident.get',
        'office.incident.list',
        'registry.grid.locate',
        'gateway.health.check',
        '$JS.btq.API.INFO',
        '$JS.btq.API.STREAM.LIST',
        '$JS.btq.API.STREAM.INFO.GRID122_EVENTS',
        '$JS.btq.API.STREAM.DELETE.GRID122_EVENTS',
        '$JS.btq.API.STREAM.PURGE.GRID122_EVENTS',
        '$JS.btq.API.STREAM.MSG.GET.GRID122_EVENTS',
        '$JS.btq.API.CONSUMER.CREATE.GRID122_EVENTS',
        '$JS.btq.API.CONSUMER.CREATE.GRID122_EVENTS.spy.evt.>',
        '$JS.btq.API.CONSUMER.CREATE.GRID122_EVENTS.spy.evt.petitions.>',
        '$JS.btq.API.CONSUMER.CREATE.STREET_TASKS.spy.fed.>',
      ];
      expect(await Promise.all(fromDistrict.map((s) => refused(district, s)))).toEqual(fromDistrict.map((subject) => ({ subject, code: '503' })));
      // A street, even with every right on its own server, reaches nothing of the district but the
      // sourcing of its own tasks: not the district's streams, not the other street's tasks.
      const fromStreet = [
        '$JS.district.API.INFO',
        '$JS.district.API.STREAM.INFO.DISTRICT_TASKS',
        '$JS.district.API.STREAM.DELETE.DISTRICT_TASKS',
        '$JS.district.API.STREAM.DELETE.DISTRICT_EVENTS',
        '$JS.district.API.CONSUMER.CREATE.DISTRICT_TASKS.spy.fed.task.jlm.>',
        '$JS.district.API.CONSUMER.CREATE.DISTRICT_EVENTS.spy.evt.>',
        '$JS.jlm.API.STREAM.INFO.GRID122_EVENTS',
        '$JS.jlm.API.CONSUMER.CREATE.GRID122_EVENTS.spy.evt.office.incident.>',
      ];
      expect(await Promise.all(fromStreet.map((s) => refused(btqOffice, s)))).toEqual(fromStreet.map((subject) => ({ subject, code: '503' })));
    } finally {
      await Promise.all([district.close(), btqOffice.close()]);
    }
    // A street's link user is for its leaf node only: as a plain client it is refused at connect.
    const linkUser = await hub.connect('leaf-user-as-client', 'leaf-btq', hub.leafPassword('btq')).then(
      (nc) => (nc.close(), 'connected'),
      (e: Error) => e.message,
    );
    expect(linkUser).toMatch(/Authorization Violation/i);
    // And the links are up: the street's events are sourced by the district (the test before).
    expect((await escalations()).length).toBeGreaterThanOrEqual(2);
  });

  it('a district account sees every street under it and nothing of another district', async () => {
    expect(await escalations('other-district')).toEqual([]);
    expect(await figures('other-district')).toEqual({});
    const r = await district.call('POST', '/api/v1/federation/tasks', 'other-district', {
      street: 'btq', reference: 'X-1', title: '越权下派', keyArea: 'grassroots_organisation', category, address: '某处',
    });
    expect(r.status).toBe(404);
    // A street's gateway is no district: its federation routes do not exist.
    expect((await streets.btq.call('GET', '/api/v1/federation/streets', 'commander')).status).toBe(403);
  });

  it('a task pushed down reaches the right street once, and comes back up linked to its incident', async () => {
    const dueAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const body = { street: 'btq', reference: '12345-20260512-0042', channel: 'hotline_12345', title: '噪音扰民（12345转办）', keyArea: 'grassroots_organisation', category, address: '宝塔桥西街 8号', reporter: { name: '王女士', phone: '13912345678' }, dueAt };
    const r = await district.call('POST', '/api/v1/federation/tasks', 'district', body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ street: 'btq', reference: body.reference, state: 'sent', dueAt });
    expect((await district.call('POST', '/api/v1/federation/tasks', 'district', { ...body, reference: 'Z-1', dueAt: '明天' })).status).toBe(400);
    // The same hand-down again (a retry) is the same task; another body under the reference is refused.
    expect((await district.call('POST', '/api/v1/federation/tasks', 'district', body)).body.id).toBe(r.body.id);
    expect((await district.call('POST', '/api/v1/federation/tasks', 'district', { ...body, title: '另一件事' })).status).toBe(422);
    expect((await district.call('POST', '/api/v1/federation/tasks', 'district', { ...body, street: 'nowhere' })).status).toBe(404);
    expect((await district.call('POST', '/api/v1/federation/tasks', 'district', { ...body, reference: 'Y-1', gridPath: `${JLM}.c01` })).status).toBe(400);

    const taken = await eventually(async () => {
      const rows = await streetIncidentsFor(streets.btq, body.reference);
      expect(rows).toHaveLength(1);
      return rows[0];
    }, 60_000, 300);
    expect(taken.source).toBe('district_platform');
    expect(await streetIncidentsFor(streets.jlm, body.reference)).toEqual([]);
    const [ledger] = await streets.btq.query<{ state: string; incident_code: string }>(`SELECT state, incident_code FROM office.federation_tasks WHERE reference = $1`, [body.reference]);
    expect(ledger).toEqual({ state: 'taken_in', incident_code: taken.code });
    // The street sees the district's due date on the incident, and the task is in its ledger.
    const listed = await streets.btq.call('GET', '/api/v1/incidents?source=district_platform&limit=500', 'commander');
    expect(listed.status).toBe(200);
    const mine = (listed.body.items as { code: string; id: string }[]).find((i) => i.code === taken.code);
    expect(mine).toBeDefined();
    const seen = await streets.btq.call('GET', `/api/v1/incidents/${mine!.id}`, 'commander');
    expect(seen.body).toMatchObject({ code: taken.code, districtDueAt: dueAt });

    await eventually(async () => {
      const t = await district.call('GET', '/api/v1/federation/tasks?street=btq', 'district');
      expect(t.body[0]).toMatchObject({ reference: body.reference, state: 'taken_in', incident: { code: taken.code } });
    }, 30_000, 300);
  });

  it('the district accepts, answers or returns an escalation; the street records it and its clock follows', async () => {
    const decide = (id: string, what: string, body: unknown, who = 'district') => district.call('POST', `/api/v1/federation/escalations/${id}/${what}`, who, body);
    const incident = async (s: Level, id: string) => (await s.call('GET', `/api/v1/incidents/${id}`, 'commander')).body;
    const actions = (i: { history: { action: string }[] }) => i.history.map((h) => h.action);

    // Bad input and other districts' escalations.
    expect((await decide(up.btq.id, 'answer', {})).status).toBe(400);
    expect((await decide(up.btq.id, 'return', { reason: '' })).status).toBe(400);
    expect((await decide('00000000-0000-4000-8000-000000000000', 'accept', {})).status).toBe(404);
    expect((await decide(up.btq.id, 'accept', {}, 'other-district')).status).toBe(404);

    // 受理: recorded at the street, still held by the district, its clock still standing.
    expect((await decide(up.btq.id, 'accept', { note: '已转区城管局' })).status).toBe(202);
    const accepted = await eventually(async () => {
      const i = await incident(streets.btq, up.btq.id);
      expect(actions(i)).toContain('district_accept');
      return i;
    }, 60_000, 300);
    expect(accepted).toMatchObject({ state: 'escalated', districtReply: null });
    expect(accepted.clock.paused).toBe(true);
    expect(accepted.history.find((h: { action: string }) => h.action === 'district_accept').note).toBe('区级已受理：已转区城管局');

    // 答复: the reply is on the incident, the case is back on the street's desk and its clock runs.
    const reply = '经区城管局核实，该处由街道牵头清理，区级已协调物业配合。';
    expect((await decide(up.btq.id, 'answer', { reply })).status).toBe(202);
    const answered = await eventually(async () => {
      const i = await incident(streets.btq, up.btq.id);
      expect(i.state).toBe('registered');
      return i;
    }, 60_000, 300);
    expect(answered).toMatchObject({ districtReply: reply });
    expect(answered.clock.paused).toBe(false);
    expect(answered.history.find((h: { action: string }) => h.action === 'district_answer').note).toBe(`区级已答复：${reply}`);
    // Once its state came back up the district holds it no more: a second decision is refused.
    await eventually(async () => expect((await decide(up.btq.id, 'return', { reason: '再退回' })).status).toBe(409), 30_000, 300);

    // 退回: the other street gets its case back with the reason; its clock runs again.
    expect((await decide(up.jlm.id, 'return', { reason: '属街道职权范围，请街道自行处置' })).status).toBe(202);
    const returned = await eventually(async () => {
      const i = await incident(streets.jlm, up.jlm.id);
      expect(i.state).toBe('registered');
      return i;
    }, 60_000, 300);
    expect(returned.clock.paused).toBe(false);
    expect(returned.districtReply).toBeNull();
    expect(returned.history.find((h: { action: string }) => h.action === 'district_return').note).toBe('区级退回：属街道职权范围，请街道自行处置');
    // Nothing crossed to the wrong street.
    expect(actions(await incident(streets.btq, up.btq.id)).filter((a) => a === 'district_return')).toEqual([]);
  });

  it('cutting the leaf link keeps both streets working; afterwards the district catches up, nothing lost or doubled', async () => {
    await hub.stop();
    // Both streets keep taking reports and escalating on their own.
    const a = await report(streets.btq, BTQ, '断链期间 btq-3');
    const b = await report(streets.jlm, JLM, '断链期间 jlm-2');
    await report(streets.jlm, JLM, '断链期间 jlm-3');
    await escalate(streets.jlm, b.id);
    expect((await streets.btq.call('GET', `/api/v1/incidents/${a.id}`, 'commander')).status).toBe(200);
    // The district's own NATS is down too (its gateway reaches the federation service over it): its
    // routes say so at once (503/504 naming the service) rather than hang; nothing is handed down.
    // The service named is federation, or identity once the caller's token is older than the
    // gateway's 5 s cache (who a token names is asked of identity, behind the same NATS).
    const unreachable = (r: { status: number; body: { code?: string; details?: { service?: string } } }) => ({ status: [503, 504].includes(r.status), code: r.body.code, service: r.body.details?.service });
    const expected = { status: true, code: expect.stringMatching(/^SERVICE_(UNAVAILABLE|TIMEOUT)$/), service: expect.stringMatching(/^(federation|identity)$/) };
    expect(unreachable(await district.call('GET', '/api/v1/federation/escalations', 'district'))).toEqual(expected);
    const down = await district.call('POST', '/api/v1/federation/tasks', 'district', {
      street: 'jlm', reference: 'MAYOR-77', channel: 'mayor_hotline', title: '路灯不亮', keyArea: 'grassroots_organisation', category, address: '江边路',
    });
    expect(unreachable(down)).toEqual(expected);

    await hub.start();
    // The hand-down goes through once the hub is back, to jlm only.
    await eventually(async () => {
      const r = await district.call('POST', '/api/v1/federation/tasks', 'district', {
        street: 'jlm', reference: 'MAYOR-77', channel: 'mayor_hotline', title: '路灯不亮', keyArea: 'grassroots_organisation', category, address: '江边路',
      });
      expect(r.status).toBe(201);
    }, 60_000, 500);

    await eventually(async () => {
      expect((await escalations()).length).toBe(3);
      const f = await figures();
      expect([f.btq.figures.found, f.jlm.figures.found]).toEqual([4, 4]);
      expect(await streetIncidentsFor(streets.jlm, 'MAYOR-77')).toHaveLength(1);
    }, 90_000, 500);
    expect(await streetIncidentsFor(streets.btq, 'MAYOR-77')).toEqual([]);

    // Nothing lost, nothing doubled: every incident event of both streets applied exactly once.
    await eventually(async () => {
      const emitted = await Promise.all(
        [streets.btq, streets.jlm].map((s) => s.query<{ n: number }>(`SELECT count(*)::int AS n FROM office.outbox WHERE type LIKE 'office.incident.%'`)),
      );
      const incidents = await Promise.all([streets.btq, streets.jlm].map((s) => s.query<{ n: number }>(`SELECT count(*)::int AS n FROM office.incidents`)));
      const [applied] = await district.query<{ inbox: number; incidents: number; escalations: number }>(
        `SELECT (SELECT count(*) FROM federation.inbox)::int AS inbox,
                (SELECT count(*) FROM federation.incidents)::int AS incidents,
                (SELECT count(*) FROM federation.escalations)::int AS escalations`,
      );
      expect(applied).toEqual({ inbox: emitted[0][0].n + emitted[1][0].n, incidents: incidents[0][0].n + incidents[1][0].n, escalations: 3 });
    }, 60_000, 500);
    const [streamed] = await streets.jlm.query<{ n: number }>(`SELECT count(*)::int AS n FROM office.federation_tasks WHERE message->>'kind' IS DISTINCT FROM 'escalation_decision'`);
    expect(streamed.n).toBe(1);
  });
  it('a street speaks only for itself: an event it writes in another street\'s name is not filed by the district', async () => {
    // btq's own server, with every right there, writes an escalation naming a grid of jlm.
    const forger = await streets.btq.nats.connect('btq-forger');
    const now = new Date().toISOString();
    const forged = {
      id: '5f0c1e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
      type: 'office.incident.escalated',
      occurredAt: now,
      data: {
        incidentId: '6a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d', code: 'FORGED-JLM-1', title: '伪造上报', keyArea: 'grassroots_organisation', category,
        gridPath: grid(JLM).gridPath, state: 'escalated', source: 'grid_patrol', reportedAt: now, address: null, location: null,
        escalation: { reason: '伪造', description: '', history: [] },
      },
    };
    await forger.jetstream().publish('evt.office.incident.escalated', new TextEncoder().encode(JSON.stringify(forged)));
    await forger.close();
    // A real escalation of btq after it, on the same link: once the district has it, it has seen the forged one.
    const real = await report(streets.btq, BTQ, '伪造之后 btq-4');
    await escalate(streets.btq, real.id);
    const items = await eventually(async () => {
      const e = await escalations();
      expect(e.map((x) => x.code)).toContain(real.code);
      return e;
    }, 60_000, 300);
    expect(items.map((x) => x.code)).not.toContain('FORGED-JLM-1');
    const [filed] = await district.query<{ n: number }>(`SELECT count(*)::int AS n FROM federation.incidents WHERE code = 'FORGED-JLM-1'`);
    expect(filed.n).toBe(0);
  });
});
