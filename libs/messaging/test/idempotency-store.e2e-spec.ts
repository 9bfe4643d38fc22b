import { createTestDatabase } from '@grid122/testing';
import { DataSource } from 'typeorm';
import { createIdempotencyRequests, IdempotencyStore } from '../src/idempotency/idempotency.store';

/**
 * The Idempotency-Key claim commits with the request's own transaction (real Postgres): two
 * requests with one key never both insert, whatever the timing; a first that committed and then
 * failed (or died) is answered on retry from its committed results, never run again.
 */
describe('IdempotencyStore: the claim commits with the records it made', () => {
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  let store: IdempotencyStore;
  const schema = 'idemtest';

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 10 } }).initialize();
    await ds.query(`CREATE SCHEMA ${schema}`);
    const q = ds.createQueryRunner();
    await createIdempotencyRequests(q, schema);
    await q.release();
    await ds.query(`CREATE TABLE ${schema}.petitions (id serial PRIMARY KEY, summary text NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`);
    store = new IdempotencyStore(ds, schema, { waitMs: 1500 });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const rows = async (summary: string) => (await ds.query(`SELECT id FROM ${schema}.petitions WHERE summary = $1`, [summary])).map((r: { id: number }) => r.id);
  /** A create as the services write it: the insert in a transaction, the answer read after the commit. */
  const create = (summary: string, opts: { holdMs?: number; failAfterCommit?: boolean } = {}) => async () => {
    const { id, at } = await ds.transaction(async (m) => {
      const [r] = await m.query(`INSERT INTO ${schema}.petitions (summary) VALUES ($1) RETURNING id, received_at`, [summary]);
      if (opts.holdMs) await new Promise((res) => setTimeout(res, opts.holdMs));
      return { id: r.id as number, at: r.received_at as Date };
    });
    if (opts.failAfterCommit) throw new Error('connection lost after the commit');
    return { id, summary, receivedAt: at.toISOString() };
  };

  it('same key and body → the first answer and one row; another body → 422', async () => {
    const first = await store.run('actor', 'k1', 'petitions.register', { s: 'a' }, create('a'));
    const again = await store.run('actor', 'k1', 'petitions.register', { s: 'a' }, create('a'));
    expect(again).toEqual(first);
    expect(await rows('a')).toEqual([first.id]);
    await expect(store.run('actor', 'k1', 'petitions.register', { s: 'b' }, create('b'))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await rows('b')).toEqual([]);
  });

  it('a retry that arrives while the first is still in its transaction waits for it and answers with its answer', async () => {
    const answers = await Promise.all([
      store.run('actor', 'k2', 'petitions.register', { s: 'c' }, create('c', { holdMs: 400 })),
      new Promise((r) => setTimeout(r, 50)).then(() => store.run('actor', 'k2', 'petitions.register', { s: 'c' }, create('c'))),
      new Promise((r) => setTimeout(r, 100)).then(() => store.run('actor', 'k2', 'petitions.register', { s: 'c' }, create('c'))),
    ]);
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(await rows('c')).toEqual([answers[0].id]);
  });

  it('a first stalled past the wait makes the retry a 503 (retry later), never a second row', async () => {
    const first = store.run('actor', 'k3', 'petitions.register', { s: 'd' }, create('d', { holdMs: 2500 }));
    await new Promise((r) => setTimeout(r, 100));
    await expect(store.run('actor', 'k3', 'petitions.register', { s: 'd' }, create('d'))).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    const answer = await first;
    expect(await store.run('actor', 'k3', 'petitions.register', { s: 'd' }, create('d'))).toEqual(answer);
    expect(await rows('d')).toEqual([answer.id]);
  });

  it('a first that committed and then failed is answered on retry from its committed result, not run again', async () => {
    await expect(store.run('actor', 'k4', 'petitions.register', { s: 'e' }, create('e', { failAfterCommit: true }))).rejects.toThrow('connection lost');
    const retried = await store.run('actor', 'k4', 'petitions.register', { s: 'e' }, create('e'));
    const [row] = await ds.query(`SELECT id, received_at FROM ${schema}.petitions WHERE summary = 'e'`);
    expect(await rows('e')).toEqual([row.id]);
    // The transaction's Date came back a Date (the answer reads it as one).
    expect(retried).toEqual({ id: row.id, summary: 'e', receivedAt: new Date(row.received_at).toISOString() });
    expect(await store.run('actor', 'k4', 'petitions.register', { s: 'e' }, create('e'))).toEqual(retried);
  });

  it('a first whose transaction rolled back leaves no claim: the retry runs', async () => {
    const failing = async () => {
      await ds.transaction(async (m) => {
        await m.query(`INSERT INTO ${schema}.petitions (summary) VALUES ('f')`);
        throw new Error('deadlock');
      });
    };
    await expect(store.run('actor', 'k5', 'petitions.register', { s: 'f' }, failing)).rejects.toThrow('deadlock');
    const ok = await store.run('actor', 'k5', 'petitions.register', { s: 'f' }, create('f'));
    expect(await rows('f')).toEqual([ok.id]);
  });

  it('a write run on its own (no transaction of its handler) is claimed like a transaction', async () => {
    const alone = (summary: string, failAfter = false) => async () => {
      const [r] = await ds.query(`INSERT INTO ${schema}.petitions (summary) VALUES ($1) RETURNING id`, [summary]);
      const [again] = await ds.query(`SELECT id FROM ${schema}.petitions WHERE id = $1`, [r.id]);
      if (failAfter) throw new Error('lost after the insert');
      return { id: again.id as number };
    };
    await expect(store.run('actor', 'k7', 'social.recipient.create', { s: 'h' }, alone('h', true))).rejects.toThrow('lost after');
    const answers = await Promise.all([1, 2, 3].map(() => store.run('actor', 'k7', 'social.recipient.create', { s: 'h' }, alone('h'))));
    expect(await rows('h')).toEqual([answers[0].id]);
    expect(answers).toEqual([answers[0], answers[0], answers[0]]);
  });

  it('keys are per caller and per subject', async () => {
    const a = await store.run('actor-a', 'k6', 'petitions.register', { s: 'g' }, create('g'));
    const b = await store.run('actor-b', 'k6', 'petitions.register', { s: 'g' }, create('g'));
    const c = await store.run('actor-a', 'k6', 'petitions.accept', { s: 'g' }, create('g'));
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
  });
});
