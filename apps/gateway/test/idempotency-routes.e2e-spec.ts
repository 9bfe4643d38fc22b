import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { testPlan } from '@grid122/testing';
import { routesOf } from './abuse/openapi-routes';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * Idempotency-Key on every create and command route (#22 item 3), walked from the gateway's
 * OpenAPI document so a new POST/PUT/PATCH route fails here until it is classified:
 * - an EXAMPLE (the creates of every service, and commands of each): sent with a key, then the
 *   same key and body twice at once (a client's retries racing) → the same status and answer and
 *   no second row of its table; then the key with another body → 422 IDEMPOTENCY_KEY_REUSED;
 * - COMMAND: forwarded as the creates are (the gateway puts the key on every NATS request of the
 *   route; the service's IdempotencyInterceptor claims it in the command's own transaction) —
 *   the same path the examples prove, service by service;
 * - EXEMPT, with the reason.
 */
jest.setTimeout(300_000);

const G3 = `${STREET}.c01.g2_01.g3_01`;
const GRID_ID = '11111111-1111-4111-8111-111111111111';

interface Ctx {
  suite: Suite;
  ids: Record<string, string>;
}
interface Example {
  as: string;
  /** The URL (path parameters filled from the set-up). */
  url?: (c: Ctx) => string;
  body: (tag: string) => Record<string, unknown>;
  /** Where its record lands: `schema.table` and the column the tag is in. */
  table: string;
  /** A set-up run once before (ids into ctx.ids). */
  setup?: (c: Ctx) => Promise<void>;
}

const CTX_IDS: Record<string, string> = {};
/** The street's next month (a plan may only start in the future). */
const nextMonth = () => {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  const i = d.getUTCFullYear() * 12 + d.getUTCMonth() + 1;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
const uniq = () => randomUUID().slice(0, 8);

const EXAMPLES: Record<string, Example> = {
  'post /api/v1/incidents': {
    as: 'worker',
    body: (t) => ({ source: 'grid_patrol', title: `幂等 ${t}`, keyArea: 'other', category: 'exposed_rubbish', address: '5号楼', gridId: GRID_ID, gridPath: G3 }),
    table: `office.incidents WHERE title LIKE '%' || $1`,
  },
  'post /api/v1/petitions': {
    as: 'petitions',
    body: (t) => ({ channel: 'visit', petitionerKind: 'person', petitioner: { name: '王某' }, matter: 'housing', summary: `幂等 ${t}`, gridPath: G3 }),
    table: `petitions.petitions WHERE summary LIKE '%' || $1`,
  },
  'post /api/v1/disputes': {
    as: 'petitions',
    body: (t) => ({ type: 'neighbour', summary: `幂等 ${t}`, gridPath: G3, parties: [{ name: '马超' }, { name: '张飞' }] }),
    table: `petitions.disputes WHERE summary LIKE '%' || $1`,
  },
  'post /api/v1/care-recipients': {
    as: 'social',
    body: (t) => ({ name: `幂等${t}`, categories: ['elderly'], gridPath: G3 }),
    table: `social.care_recipients WHERE name = '幂等' || $1`,
  },
  'post /api/v1/volunteers': {
    as: 'social',
    body: (t) => ({ name: `幂等${t}`, gridPath: G3, yRole: 'party_volunteer' }),
    table: `social.volunteers WHERE name = '幂等' || $1`,
  },
  'post /api/v1/supermarket/items': {
    as: 'social',
    body: (t) => ({ code: `idem-${t}`, name: `幂等${t}`, unit: '袋', pointPrice: 10, unitValueCents: 3500 }),
    table: `social.supermarket_items WHERE code = 'idem-' || $1`,
  },
  'post /api/v1/enforcement/cases': {
    as: 'enforcement',
    body: (t) => ({ title: `幂等 ${t}`, category: 'illegal_business', description: '巡查发现无照经营', gridPath: G3, address: '宝塔桥西街30号' }),
    table: `enforcement.cases WHERE title LIKE '%' || $1`,
  },
  'post /api/v1/enforcement/cases/{id}/inspections': {
    as: 'enforcement',
    setup: async (c) => {
      const r = await c.suite
        .http()
        .post('/api/v1/enforcement/cases')
        .set('authorization', `Bearer ${await c.suite.token('enforcement')}`)
        .send({ title: '幂等检查用案件', category: 'illegal_business', description: '巡查发现无照经营', gridPath: G3, address: '宝塔桥西街31号' })
        .expect(201);
      c.ids.case = r.body.id;
    },
    url: (c) => `/api/v1/enforcement/cases/${c.ids.case}/inspections`,
    body: (t) => ({ officers: [{ name: '王强' }, { name: '李明' }], finding: 'confirmed', notes: `幂等 ${t}` }),
    table: `enforcement.inspections WHERE notes LIKE '%' || $1`,
  },
  'post /api/v1/staff': {
    as: 'commander',
    setup: async (c) => {
      // The street's grids down to the worker's, as the registry holds them (city → district → street).
      const reg = await c.suite.dataSource('grid-registry');
      const box = `ST_GeomFromText('POLYGON((118.70 32.05,118.80 32.05,118.80 32.15,118.70 32.15,118.70 32.05))', 4326)`;
      let parent: string | null = null;
      for (const [i, [level, path]] of [['city', 'nj'], ['district', 'nj.gulou'], ['street', STREET]].entries()) {
        const [g]: { id: string }[] = await reg.query(
          `INSERT INTO registry.grids (code, name, level, path, parent_id, polygon) VALUES ($1, $2, $3, $4::ltree, $5, ${box})
           ON CONFLICT (path) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
          [String(320106000000000 + i), `幂等${level}`, level, path, parent],
        );
        parent = g.id;
      }
      c.ids.grid = parent!;
    },
    body: (t) => ({ name: `幂等${t}`, phone: '13912345678', homeGridId: CTX_IDS.grid }),
    table: `registry.staff WHERE name = '幂等' || $1`,
  },
  'post /api/v1/petitions/{id}/accept': {
    as: 'petitions',
    setup: async (c) => {
      const r = await c.suite
        .http()
        .post('/api/v1/petitions')
        .set('authorization', `Bearer ${await c.suite.token('petitions')}`)
        .send({ channel: 'visit', petitionerKind: 'person', petitioner: { name: '李某' }, matter: 'housing', summary: '幂等受理用', gridPath: G3 })
        .expect(201);
      c.ids.petition = r.body.id;
    },
    url: (c) => `/api/v1/petitions/${c.ids.petition}/accept`,
    body: (t) => ({ note: `幂等 ${t}` }),
    table: `petitions.petitions WHERE state = 'accepted' AND decision_note LIKE '%' || $1`, // without the key a retry is a 409
  },
  'post /api/v1/service-requests': {
    as: 'social',
    setup: async (c) => {
      const r = await c.suite
        .http()
        .post('/api/v1/care-recipients')
        .set('authorization', `Bearer ${await c.suite.token('social')}`)
        .send({ name: '幂等服务对象', categories: ['elderly'], gridPath: G3 })
        .expect(201);
      c.ids.recipient = r.body.id;
    },
    body: (t) => ({ serviceType: 'breakfast_purchase', source: 'grid_worker', recipientId: CTX_IDS.recipient, title: `幂等 ${t}` }),
    table: `social.service_requests WHERE title LIKE '%' || $1`,
  },
  'post /api/v1/appraisal/plans': {
    as: 'commander',
    body: (t) => testPlan(nextMonth(), undefined, `幂等 ${t}`),
    table: `appraisal.score_plans WHERE name LIKE '%' || $1`,
  },
  'post /api/v1/accounts': {
    as: 'admin',
    body: (t) => ({ username: `idem${t}`, displayName: '幂等', password: 'first-password-1', role: 'grid_worker', scope: `${STREET}.c01` }),
    table: `identity.accounts WHERE username = 'idem' || $1`,
  },
  'post /api/v1/diaries': {
    as: 'worker',
    body: (t) => ({ date: '2026-11-02', route: `幂等 ${t}`, householdsVisited: 8 }),
    table: `office.diaries WHERE route LIKE '%' || $1`,
  },
};

/**
 * Commands forwarded to a service: the gateway puts the key on every NATS request of the route and
 * the service's IdempotencyInterceptor claims it in the command's own transaction — the path the
 * examples prove for each service. The gateway's own account commands run through the gateway's
 * IdempotencyStore (the accounts example).
 */
const COMMAND: string[] = [
  'patch /api/v1/accounts/{id}',
  'post /api/v1/accounts/{id}/disable',
  'post /api/v1/accounts/{id}/enable',
  'post /api/v1/accounts/{id}/password',
  'post /api/v1/grids',
  'post /api/v1/grids/import',
  'patch /api/v1/grids/{id}',
  'post /api/v1/grids/{id}/staff',
  'patch /api/v1/staff/{id}',
  'post /api/v1/departments',
  'post /api/v1/departments/{id}/links',
  'post /api/v1/party-organisations',
  'patch /api/v1/party-organisations/{id}',
  'post /api/v1/party-organisations/{id}/commitments',
  'post /api/v1/party-commitments/{id}/fulfil',
  'post /api/v1/grid-volunteers',
  'post /api/v1/grid-volunteer-teams',
  'post /api/v1/grid-volunteer-teams/{id}/members',
  'post /api/v1/buildings',
  'post /api/v1/organisations',
  'post /api/v1/organisation-tasks/{id}/handle',
  'post /api/v1/organisation-tasks/{id}/close',
  'post /api/v1/organisation-tasks/{id}/return',
  'post /api/v1/incidents/{id}/reclassify',
  'put /api/v1/dispatch-rules/{category}',
  'post /api/v1/incidents/import',
  'post /api/v1/incidents/{id}/satisfaction',
  'post /api/v1/incidents/{id}/urge',
  'post /api/v1/incidents/{id}/urgings/{urgingId}/acknowledge',
  'post /api/v1/incidents/{id}/{action}',
  'post /api/v1/supervision/sweep',
  'post /api/v1/themes',
  'post /api/v1/escalations/deliveries/{id}/retry',
  'post /api/v1/petitions/{id}/reject',
  'post /api/v1/petitions/{id}/extend',
  'post /api/v1/petitions/{id}/reply',
  'post /api/v1/petitions/{id}/close',
  'post /api/v1/petitions/{id}/handover',
  'post /api/v1/petitions/{id}/return',
  'post /api/v1/petitions/{id}/reveal',
  'post /api/v1/receptions',
  'post /api/v1/receptions/{id}/publish',
  'post /api/v1/receptions/{id}/cancel',
  'post /api/v1/receptions/{id}/slots/{slotId}/book',
  'post /api/v1/receptions/{id}/slots/{slotId}/record',
  'post /api/v1/receptions/{id}/record',
  'post /api/v1/disputes/{id}/parties',
  'post /api/v1/disputes/{id}/sessions',
  'post /api/v1/disputes/{id}/close',
  'post /api/v1/disputes/{id}/return',
  'post /api/v1/disputes/{id}/reveal',
  'post /api/v1/special-populations/categories',
  'post /api/v1/special-populations',
  'post /api/v1/special-populations/export',
  'post /api/v1/special-populations/{id}/risk',
  'post /api/v1/special-populations/{id}/follow-ups',
  'post /api/v1/special-populations/{id}/reveal',
  'post /api/v1/floating-population',
  'post /api/v1/floating-population/export',
  'post /api/v1/floating-population/{id}/leave',
  'post /api/v1/floating-population/{id}/reveal',
  'post /api/v1/stability-warnings',
  'post /api/v1/stability-warnings/{id}/acknowledge',
  'post /api/v1/stability-warnings/{id}/lift',
  'post /api/v1/stability-meetings',
  'put /api/v1/enforcement/categories/{code}',
  'post /api/v1/enforcement/cases/{id}/notices',
  'post /api/v1/enforcement/cases/{id}/decisions',
  'post /api/v1/enforcement/cases/{id}/close',
  'post /api/v1/enforcement/cases/{id}/return',
  'post /api/v1/enforcement/cases/{id}/evidence',
  'post /api/v1/enforcement/cases/{id}/log/corrections',
  'post /api/v1/enforcement/notices/{id}/reinspections',
  'post /api/v1/enforcement/operations',
  'post /api/v1/enforcement/operations/{id}/acknowledgements',
  'post /api/v1/enforcement/operations/{id}/targets/{targetId}/result',
  'post /api/v1/care-recipients/categories',
  'post /api/v1/care-recipients/vouchers/monthly-issue',
  'patch /api/v1/care-recipients/{id}',
  'post /api/v1/care-recipients/{id}/identity',
  'post /api/v1/care-recipients/{id}/supports',
  'post /api/v1/care-recipients/{id}/supports/{supportId}/end',
  'post /api/v1/care-recipients/{id}/vouchers/issue',
  'post /api/v1/care-recipients/{id}/vouchers/redeem',
  'post /api/v1/service-requests/{id}/assign',
  'post /api/v1/service-requests/{id}/deliver',
  'post /api/v1/service-requests/{id}/confirm',
  'post /api/v1/service-requests/{id}/cancel',
  'post /api/v1/service-requests/{id}/return',
  'post /api/v1/visits',
  'post /api/v1/volunteers/{id}/activities',
  'post /api/v1/volunteer-teams',
  'post /api/v1/volunteer-teams/{id}/members',
  'post /api/v1/points/adjustments',
  'post /api/v1/resident-points',
  'post /api/v1/resident-points/{id}/awards',
  'patch /api/v1/supermarket/items/{id}',
  'post /api/v1/supermarket/stock',
  'post /api/v1/supermarket/exchanges',
  'post /api/v1/supermarket/donations',
  'post /api/v1/service-points',
  'patch /api/v1/service-points/{id}',
  'put /api/v1/service-circle/grids',
  'post /api/v1/service-circle/grids/sync',
  'put /api/v1/appraisal/plans/grid-grades',
  'post /api/v1/appraisal/scores/recompute',
  'post /api/v1/appraisal/surveys/{id}/answer',
  'post /api/v1/appraisal/surveys/democratic',
  'post /api/v1/diary-checks/draw',
  'post /api/v1/diary-checks/{id}/grade',
  'post /api/v1/diary-reviews/{month}/publish',
  'post /api/v1/meetings',
  'post /api/v1/double-selections',
  'post /api/v1/meeting-decisions/{id}/close',
  'post /api/v1/dual-reports/{incidentId}/acknowledge',
];
/** Routes that are not commands a client retries into a second record, and why. */
const EXEMPT: Record<string, string> = {
  'post /api/v1/auth/login': 'opens a session: a retried login is another login (no record a client counts)',
  'post /api/v1/auth/refresh': 'rotates the refresh token: a replayed one revokes the session by design (hostile/sessions)',
  'post /api/v1/auth/logout': 'ends the session: once ended, again is a no-op',
  'post /api/v1/events/ticket': 'a one-time live-feed ticket: a retry gets another ticket, the first expires unused',
  'post /api/v1/photos': 'content-addressed: stored under its sha256, a retry stores the same object',
  'post /open311/v2/requests.{format}': "Open311's own key: Idempotency-Key or the client's reference in source_ref (open311.e2e-spec)",
  'post /open311/v2/servicerequestupdates.{format}': "Open311 updates are deduplicated by the client's reference (open311.e2e-spec)",
  'post /api/v1/security/accounts/{username}/unlock': 'clears a lock: a retry finds it cleared (the same state, audited once more)',
  'post /api/v1/federation/escalations/{id}/accept': "the task's id is derived from the incident, the decision and the Idempotency-Key: JetStream and the street drop the repeat (federation spec)",
  'post /api/v1/federation/escalations/{id}/answer': "the task's id is derived from the incident, the decision and the Idempotency-Key (federation spec)",
  'post /api/v1/federation/escalations/{id}/return': "the task's id is derived from the incident, the decision and the Idempotency-Key (federation spec)",
  'post /api/v1/federation/tasks': "the task's id is derived from the street and the district's reference: a retry is the same task (federation spec)",
  'post /api/v1/incidents/{id}/reveal-phone': 'a read (the reporter in full), audited: a retry is another reveal, written again (hostile/personal-data)',
  'post /api/v1/staff/{id}/reveal-phone': 'a read (a staff member\'s phone in full), audited: a retry is another reveal, written again (hostile/personal-data-reads)',
};

describe('Idempotency-Key on every create and command route', () => {
  let suite: Suite;
  let ds: DataSource;
  let writes: string[];
  const ctx = {} as Ctx;

  beforeAll(async () => {
    suite = await startSuite({ env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    ds = await suite.dataSource('gateway');
    Object.assign(ctx, { suite, ids: CTX_IDS });
    const doc = (await suite.http().get('/api/docs-json').expect(200)).body;
    writes = routesOf(doc)
      .filter((r) => r.method === 'post' || r.method === 'put' || r.method === 'patch')
      .map((r) => `${r.method} ${r.path}`);
  }, 240_000);
  afterAll(() => suite?.stop());

  it('classifies every POST/PUT/PATCH route of the gateway (a new one fails here until it honours the key)', () => {
    expect(writes.length).toBeGreaterThan(100);
    const unclassified = writes.filter((w) => !(w in EXAMPLES) && !(w in EXEMPT) && !COMMAND.includes(w));
    expect(unclassified).toEqual([]);
    // and nothing listed that the gateway no longer has
    expect([...Object.keys(EXAMPLES), ...Object.keys(EXEMPT), ...COMMAND].filter((w) => !writes.includes(w))).toEqual([]);
  });

  for (const [route, ex] of Object.entries(EXAMPLES)) {
    it(`${route}: same key and body → the first answer, one row; another body → 422`, async () => {
      if (ex.setup) await ex.setup(ctx);
      const [method, path] = route.split(' ') as ['post' | 'put' | 'patch', string];
      const url = ex.url ? ex.url(ctx) : path;
      const token = await suite.token(ex.as);
      const send = (key: string, body: object) => suite.http()[method](url).set('authorization', `Bearer ${token}`).set('idempotency-key', key).send(body);
      const count = async (tag: string) => ((await ds.query(`SELECT count(*)::int AS n FROM ${ex.table}`, [tag])) as { n: number }[])[0].n;
      const tag = uniq();
      const key = `walk-${tag}`;
      const before = await count(tag);
      const first = await send(key, ex.body(tag));
      expect({ route, status: first.status, body: first.status < 300 ? 'ok' : first.body }).toEqual({ route, status: first.status < 300 ? first.status : 201, body: 'ok' });
      const made = await count(tag);
      expect(made).toBe(before + 1);
      // two retries at once
      const [a, b] = await Promise.all([send(key, ex.body(tag)), send(key, ex.body(tag))]);
      expect([a.status, b.status]).toEqual([first.status, first.status]);
      expect(a.body).toEqual(first.body);
      expect(b.body).toEqual(first.body);
      expect(await count(tag)).toBe(made);
      // the key with another body
      const other = await send(key, ex.body(uniq()));
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await count(tag)).toBe(made);
    });
  }
});
