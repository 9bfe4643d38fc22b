import { IncidentEventData, OfficeEvents, Unit } from '@grid122/contracts';
import { OutboxWriter, ownUnitAudience } from '@grid122/messaging';
import { officeAudience } from './incident-audience';

/** The office stamps each incident event's audience by its own rule; a unit's service its unit. */
describe('event audience', () => {
  const office = new OutboxWriter('office', 'office', officeAudience);
  const data = (over: Partial<IncidentEventData>) => ({ incidentId: 'i', gridPath: 'nj.gulou.btq.c01', unit: null, departmentId: null, ...over }) as IncidentEventData;

  it('names the unit or department an incident is out with, the lead and the assists (协办)', () => {
    const e = office.build({
      type: OfficeEvents.IncidentDispatched,
      gridPath: 'nj.gulou.btq.c01',
      data: data({ unit: Unit.Enforcement, leadUnit: Unit.Enforcement, assistUnits: [Unit.Social], departmentId: null, assistDepartmentIds: ['d1'] }),
    });
    expect(e.audience).toEqual({ gridPath: 'nj.gulou.btq.c01', units: [Unit.Enforcement, Unit.Social], departmentIds: ['d1'] });
  });

  it('names no unit for an incident not dispatched, nor for the office’s other events', () => {
    expect(office.build({ type: OfficeEvents.IncidentReported, gridPath: 'nj.gulou.btq.c01', data: data({}) }).audience).toEqual({ gridPath: 'nj.gulou.btq.c01', units: [], departmentIds: [] });
    const diary = office.build({ type: OfficeEvents.DiaryFiled, gridPath: 'nj.gulou.btq.c01', data: { diaryId: 'd', authorId: 'a', gridId: null, gridPath: 'nj.gulou.btq.c01', date: '2026-12-07', householdsVisited: 1, problemsFound: 0, incidentIds: [] } });
    expect(diary.audience?.units).toEqual([]);
  });

  it('a unit’s service names its own unit on every event', () => {
    const enforcement = new OutboxWriter('enforcement', 'enforcement', ownUnitAudience(Unit.Enforcement));
    const e = enforcement.build({ type: 'enforcement.case.closed', gridPath: 'nj.gulou.btq', data: { unit: Unit.Enforcement, incidentId: null, caseId: 'c', caseType: 'enforcement_case', caseRef: 'R1' } });
    expect(e.audience).toEqual({ gridPath: 'nj.gulou.btq', units: [Unit.Enforcement], departmentIds: [] });
  });
});
