import { Actor, OfficeErrorCode, Role, Unit } from '@grid122/contracts';
import { byDoer, doerOf, isVisible, visibleOr404 } from './incident-access';
import { IncidentRow } from './incident.row';

/** Who may see an incident (every read and change of the ledger asks this) and who acts. */
describe('incident access', () => {
  const row = (over: Partial<IncidentRow> = {}) =>
    ({ id: 'i1', grid_path: 'nj.gulou.btq.c01.p02', unit: null, department_id: null, lead_unit: null, lead_department_id: null, assist_units: [], assist_department_ids: [], ...over }) as IncidentRow;
  const actor = (role: Role, over: Partial<Actor> = {}): Actor => ({ id: 'a1', username: 'wang', displayName: '王网格', role, scope: 'nj.gulou.btq', ...over });

  it('shows the street command what is within its scope, never another street’s', () => {
    expect(isVisible(actor(Role.StreetCommander), row())).toBe(true);
    expect(isVisible(actor(Role.StreetCommander, { scope: 'nj.gulou.jlm' }), row())).toBe(false);
  });

  it('shows a unit member only what is out with their unit (sole, lead or 协办)', () => {
    const member = actor(Role.UnitMember, { unit: Unit.Enforcement });
    expect(isVisible(member, row())).toBe(false);
    expect(isVisible(member, row({ unit: Unit.Enforcement }))).toBe(true);
    expect(isVisible(member, row({ lead_unit: Unit.Social, assist_units: [Unit.Enforcement] }))).toBe(true);
  });

  it('shows a liaison only their department’s, and the auditor nothing', () => {
    expect(isVisible(actor(Role.DepartmentLiaison, { departmentId: 'd1' }), row({ assist_department_ids: ['d1'] }))).toBe(true);
    expect(isVisible(actor(Role.DepartmentLiaison, { departmentId: 'd2' }), row({ department_id: 'd1' }))).toBe(false);
    expect(isVisible(actor(Role.Auditor), row())).toBe(false);
  });

  it('answers not found for a missing row and for one the account may not see, naming the id', () => {
    const commander = actor(Role.StreetCommander);
    expect(visibleOr404(commander, row(), 'i1').id).toBe('i1');
    for (const r of [undefined, row({ grid_path: 'nj.gulou.jlm.c01' })]) {
      expect(() => visibleOr404(commander, r, 'i9')).toThrow(expect.objectContaining({ code: OfficeErrorCode.IncidentNotFound, details: { id: 'i9' } }));
    }
  });

  it('records an account as the doer by its display name', () => {
    const d = doerOf(actor(Role.GridWorker));
    expect(byDoer(d)).toEqual({ by_id: 'a1', by_name: '王网格', by_role: Role.GridWorker });
  });
});
