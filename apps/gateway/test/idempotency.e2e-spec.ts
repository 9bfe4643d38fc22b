import { DataSource } from 'typeorm';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * Idempotency-Key on every create and command (one mechanism: the gateway forwards the key, each
 * service's IdempotencyStore runs the command once per caller, key and subject): a retry after a
 * timeout never makes a second record.
 */
describe('Idempotency-Key on creates and commands of every service', () => {
  let suite: Suite;
  let enforcementDb: DataSource;

  beforeAll(async () => {
    suite = await startSuite({ services: ['office', 'enforcement'] });
    enforcementDb = await suite.dataSource('enforcement');
  });
  afterAll(() => suite?.stop());

  const body = (title: string) => ({
    title,
    category: 'illegal_business',
    description: '巡查发现无照经营',
    gridPath: `${STREET}.c01.g2_01.g3_01`,
    address: '宝塔桥西街30号',
  });
  const cases = async (title: string) => (await enforcementDb.query(`SELECT id FROM enforcement.cases WHERE title = $1`, [title])).map((r: { id: string }) => r.id);

  it('answers a retry with the same key and body with the first answer, another body with 422', async () => {
    const team = await suite.token('enforcement');
    const post = (key: string | undefined, b: object) => {
      const req = suite.http().post('/api/v1/enforcement/cases').set('authorization', `Bearer ${team}`);
      return (key ? req.set('idempotency-key', key) : req).send(b);
    };
    const first = await post('case-key-1', body('无照经营A')).expect(201);
    const again = await post('case-key-1', body('无照经营A')).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await cases('无照经营A')).toEqual([first.body.id]);

    const other = await post('case-key-1', body('无照经营B')).expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await cases('无照经营B')).toEqual([]);

    // Without a key, two posts are two cases (the key is what makes a retry safe).
    await post(undefined, body('无照经营C')).expect(201);
    await post(undefined, body('无照经营C')).expect(201);
    expect(await cases('无照经营C')).toHaveLength(2);
  });

  it('runs a command once when the retry arrives while the first is still running', async () => {
    const team = await suite.token('enforcement');
    const send = () => suite.http().post('/api/v1/enforcement/cases').set('authorization', `Bearer ${team}`).set('idempotency-key', 'case-key-2').send(body('无照经营D'));
    const answers = await Promise.all([send(), send(), send()]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await cases('无照经营D')).toEqual([answers[0].body.id]);
  });

  it('keeps keys per caller: the same key from another account is its own request', async () => {
    const team = await suite.token('enforcement');
    const commander = await suite.token('commander');
    const a = await suite.http().post('/api/v1/enforcement/cases').set('authorization', `Bearer ${team}`).set('idempotency-key', 'shared-key').send(body('无照经营E')).expect(201);
    const b = await suite.http().post('/api/v1/enforcement/cases').set('authorization', `Bearer ${commander}`).set('idempotency-key', 'shared-key').send(body('无照经营E'));
    if (b.status === 201) expect(b.body.id).not.toBe(a.body.id);
    else expect(b.status).toBe(403); // a commander may not open cases: refused, not replayed
  });
});
