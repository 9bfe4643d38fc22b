import { FederationMode } from '@grid122/contracts';
import { isWithinScope } from '@grid122/access';
import { memberOf, parseMembers, upwardStreams } from './federation-members';

describe('federation members', () => {
  const members = parseMembers('btq:nj.gulou.btq, jlm:nj.gulou.jlm:street-jlm,');

  it('parses labels, grid paths and domains (domain defaults to the label)', () => {
    expect(members).toEqual([
      { label: 'btq', gridPath: 'nj.gulou.btq', domain: 'btq' },
      { label: 'jlm', gridPath: 'nj.gulou.jlm', domain: 'street-jlm' },
    ]);
    expect(parseMembers('')).toEqual([]);
  });

  it('finds the street of a grid path, never a street whose name only starts the same', () => {
    expect(memberOf(members, 'nj.gulou.btq.c01.g2_01.g3_01')?.label).toBe('btq');
    expect(memberOf(members, 'nj.gulou.jlm')?.label).toBe('jlm');
    expect(memberOf(members, 'nj.gulou.btqx.c01')).toBeNull();
    expect(memberOf(members, 'nj.xuanwu.abc')).toBeNull();
  });

  it('checks scopes as ltree ancestors', () => {
    expect(isWithinScope('nj.gulou.btq', 'nj.gulou')).toBe(true);
    expect(isWithinScope('nj.gulou.btq', '')).toBe(true);
    expect(isWithinScope('nj.gulou.btq', 'nj.xuanwu')).toBe(false);
    expect(isWithinScope('nj.gulouxx.btq', 'nj.gulou')).toBe(false);
  });

  it('sources the level below: streets for a district, districts for a city', () => {
    expect(upwardStreams(FederationMode.District)).toEqual({ own: 'DISTRICT_EVENTS', below: 'GRID122_EVENTS', filter: 'evt.office.incident.>' });
    expect(upwardStreams(FederationMode.City).own).toBe('CITY_EVENTS');
  });
});
