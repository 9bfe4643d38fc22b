import { Actor, DomainEvent, Role, Unit } from '@grid122/contracts';
import { feedEventName, mayReceive, sseFrame } from './event-feed.service';

const actor = (over: Partial<Actor>): Actor => ({ id: 'a', username: 'u', role: Role.StreetCommander, scope: 'nj.gulou.btq', ...over });
const event = (over: Partial<DomainEvent> = {}, data: Record<string, unknown> = {}): DomainEvent => ({
  id: 'e',
  type: 'office.incident.dispatched',
  source: 'office',
  occurredAt: '2026-11-22T00:00:00Z',
  gridPath: 'nj.gulou.btq.c01.g2_01.g3_01',
  data,
  ...over,
});

describe('EventFeed rules', () => {
  it('names incident and unit events, and carries nothing else', () => {
    expect(feedEventName('office.incident.closed')).toBe('incident');
    expect(feedEventName('enforcement.case.handled')).toBe('unit');
    expect(feedEventName('petitions.petition.received')).toBeNull();
    expect(feedEventName('office.spike.detected')).toBe('alert');
    expect(feedEventName('office.recurrence.detected')).toBe('alert');
  });

  it('filters by scope, then by department for a liaison and by unit for a unit member', () => {
    expect(mayReceive(actor({}), event())).toBe(true);
    expect(mayReceive(actor({ scope: 'nj.gulou.nhj' }), event())).toBe(false);
    expect(mayReceive(actor({ scope: 'nj.gulou.bt' }), event())).toBe(false);
    expect(mayReceive(actor({}), event({ gridPath: null }))).toBe(false);
    expect(mayReceive(actor({ role: Role.Admin, scope: '' }), event({ gridPath: null }))).toBe(true);
    const liaison = actor({ role: Role.DepartmentLiaison, departmentId: 'd1' });
    expect(mayReceive(liaison, event({}, { departmentId: 'd1' }))).toBe(true);
    expect(mayReceive(liaison, event({}, { departmentId: 'd2' }))).toBe(false);
    const member = actor({ role: Role.UnitMember, unit: Unit.Enforcement });
    expect(mayReceive(member, event({}, { unit: 'enforcement' }))).toBe(true);
    expect(mayReceive(member, event({}, { unit: 'social' }))).toBe(false);
    expect(mayReceive(member, event({ type: 'enforcement.case.closed', source: 'enforcement' }))).toBe(true);
    expect(mayReceive(member, event({ type: 'social.request.closed', source: 'social-services' }))).toBe(false);
  });

  it('an assisting unit or department (协办) of a joint dispatch receives its events', () => {
    const member = actor({ role: Role.UnitMember, unit: Unit.Social });
    expect(mayReceive(member, event({}, { unit: 'enforcement', assistUnits: ['social'] }))).toBe(true);
    expect(mayReceive(member, event({}, { unit: 'enforcement', assistUnits: ['petitions'] }))).toBe(false);
    const liaison = actor({ role: Role.DepartmentLiaison, departmentId: 'd1' });
    expect(mayReceive(liaison, event({}, { unit: 'enforcement', assistDepartmentIds: ['d1'] }))).toBe(true);
    expect(mayReceive(liaison, event({}, { unit: 'enforcement', assistDepartmentIds: ['d2'] }))).toBe(false);
  });

  it('frames SSE with the id first and one data line', () => {
    expect(sseFrame('incident', { a: 1 }, 42)).toBe('id: 42\nevent: incident\ndata: {"a":1}\n\n');
    expect(sseFrame('hub', { a: 'x\ny' })).toBe('event: hub\ndata: {"a":"x\\ny"}\n\n');
  });
});
