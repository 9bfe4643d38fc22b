import { EntityManager } from 'typeorm';
import { nextRegisterRef } from './register-ref';

describe('nextRegisterRef', () => {
  const seq = (n: number) => {
    const query = jest.fn().mockResolvedValue([{ n }]);
    return { m: { query } as unknown as EntityManager, query };
  };

  it('numbers each register from its own sequence with its prefix and padding', async () => {
    const p = seq(7);
    expect(await nextRegisterRef(p.m, 'petition', new Date('2026-06-01T04:00:00Z'))).toBe('XF2026000007');
    expect(p.query.mock.calls[0][0]).toContain(`nextval('petitions.petition_ref_seq')`);
    const w = seq(12);
    expect(await nextRegisterRef(w.m, 'warning', new Date('2026-06-01T04:00:00Z'))).toBe('YJ20260012');
    expect(w.query.mock.calls[0][0]).toContain(`nextval('petitions.warning_ref_seq')`);
    expect(await nextRegisterRef(seq(3).m, 'dispute', new Date('2026-06-01T04:00:00Z'))).toBe('TJ2026000003');
  });

  it("takes the year from the street's calendar, not UTC's", async () => {
    // 2026-12-31T16:30Z is 00:30 on 1 January 2027 in Nanjing.
    expect(await nextRegisterRef(seq(1).m, 'petition', new Date('2026-12-31T16:30:00Z'))).toBe('XF2027000001');
    expect(await nextRegisterRef(seq(1).m, 'dispute', new Date('2027-12-31T15:59:00Z'))).toBe('TJ2027000001');
  });
});
