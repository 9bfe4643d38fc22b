import { Actor, Role, Unit } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { mayRead, mayRevealIdentities, readScope, requireInScope, requireReveal } from './access.policy';

const actor = (role: Role, unit: Unit | null = null, scope = 'nj.gulou.btq'): Actor => ({ id: 'a', username: 'u', role, unit, scope });

describe('access.policy', () => {
  it('lets only the petitions group, the command and admins reveal identities', () => {
    expect(mayRevealIdentities(actor(Role.UnitMember, Unit.Petitions))).toBe(true);
    expect(mayRevealIdentities(actor(Role.StreetCommander))).toBe(true);
    expect(mayRevealIdentities(actor(Role.Admin, null, ''))).toBe(true);
    expect(mayRevealIdentities(actor(Role.UnitMember, Unit.Social))).toBe(false);
    expect(mayRevealIdentities(actor(Role.GridWorker))).toBe(false);
    expect(mayRevealIdentities(actor(Role.DistrictViewer))).toBe(false);
  });

  it('never lets the system admin reveal an identity (三员分立)', () => {
    expect(() => requireReveal(actor(Role.Admin, null, ''))).toThrow(AppError);
    expect(() => requireReveal(actor(Role.StreetCommander))).not.toThrow();
  });

  it('lets grid workers and the district read masked registers, not other units', () => {
    expect(mayRead(actor(Role.GridWorker))).toBe(true);
    expect(mayRead(actor(Role.DistrictViewer))).toBe(true);
    expect(mayRead(actor(Role.UnitMember, Unit.Enforcement))).toBe(false);
    expect(mayRead(actor(Role.DepartmentLiaison))).toBe(false);
  });

  it('narrows reads to the scope and refuses paths outside it', () => {
    const sut = actor(Role.StreetCommander);
    expect(readScope(sut)).toBe('nj.gulou.btq');
    expect(readScope(sut, 'nj.gulou.btq.c01')).toBe('nj.gulou.btq.c01');
    expect(readScope(sut, 'nj.gulou')).toBe('nj.gulou.btq');
    expect(() => readScope(sut, 'nj.gulou.nhj')).toThrow(AppError);
    expect(() => requireInScope(sut, 'nj.gulou.btqx.c01')).toThrow(/outside your scope/);
    expect(() => requireInScope(sut, 'nj.gulou.btq.c01.g2_01')).not.toThrow();
  });
});
