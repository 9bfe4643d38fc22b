import { canonicalJson, entryHash, findFirstBreak, StoredLogEntry } from './hash-chain';

const G = '0'.repeat(64);

function chain(n: number): StoredLogEntry[] {
  const out: StoredLogEntry[] = [];
  let prev = G;
  for (let i = 1; i <= n; i++) {
    const c = { caseId: 'c1', seq: i, action: `a${i}`, actorId: 'u1', actorName: '王强', content: { n: i, nested: { b: 1, a: [1, 2] } }, occurredAt: new Date(1_700_000_000_000 + i).toISOString() };
    const hash = entryHash(prev, c);
    out.push({ ...c, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('hash chain', () => {
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
  });

  it('accepts an intact chain', () => {
    expect(findFirstBreak(chain(5), G)).toBeNull();
  });

  it('finds an edited entry', () => {
    const c = chain(5);
    c[2] = { ...c[2], content: { n: 999 } };
    expect(findFirstBreak(c, G)).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
  });

  it('finds a recomputed entry by the next one’s previous hash', () => {
    const c = chain(5);
    const { prevHash, hash: _old, ...rest } = { ...c[1], content: { n: 42 } };
    const forged = { ...rest, prevHash, hash: entryHash(prevHash, rest) };
    c[1] = forged;
    expect(findFirstBreak(c, G)).toMatchObject({ seq: 3, reason: 'prev_hash_mismatch' });
  });

  it('finds a deleted entry', () => {
    const c = chain(5);
    c.splice(3, 1);
    expect(findFirstBreak(c, G)).toMatchObject({ seq: 5, reason: 'sequence_gap', expected: '4' });
  });
});
