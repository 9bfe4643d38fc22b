import { Actor, DomainEvent, Role, Unit } from '@grid122/contracts';
import { feedEventName, mayReceive, sseFrame } from './event-feed.service';

const actor = (over: Partial<Actor>): Actor => ({ id: 'a', username: 'u', role: Role.StreetCommander, scope: 'nj.gulou.btq', ...over });
const PLACE = 'nj.gulou.btq.c01.g2_01.g3_01';
/** An event with the audience its producer stamped (units, departments). */
const event = (over: Partial<DomainEvent> = {}, audience: { units?: string[]; departmentIds?: string[] } = {}): DomainEvent => ({
  id: 'e',
  type: 'office.incident.dispatched',
  source: 'office',
  occurredAt: '2026-11-22T00:00:00Z',
  gridPath: PLACE,
  audience: { gridPath: over.gridPath === undefined ? PLACE : over.gridPath, units: audience.units ?? [], departmentIds: audience.departmentIds ?? [] },
  data: {},
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

  it('filters by scope, then by the audience the producer stamped: department for a liaison, unit for a unit member', () => {
    expect(mayReceive(actor({}), event())).toBe(true);
    expect(mayReceive(actor({ scope: 'nj.gulou.nhj' }), event())).toBe(false);
    expect(mayReceive(actor({ scope: 'nj.gulou.bt' }), event())).toBe(false);
    expect(mayReceive(actor({}), event({ gridPath: null }))).toBe(false);
    expect(mayReceive(actor({ role: Role.Admin, scope: '' }), event({ gridPath: null }))).toBe(true);
    const liaison = actor({ role: Role.DepartmentLiaison, departmentId: 'd1' });
    expect(mayReceive(liaison, event({}, { departmentIds: ['d1'] }))).toBe(true);
    expect(mayReceive(liaison, event({}, { departmentIds: ['d2'] }))).toBe(false);
    const member = actor({ role: Role.UnitMember, unit: Unit.Enforcement });
    expect(mayReceive(member, event({}, { units: ['enforcement'] }))).toBe(true);
    expect(mayReceive(member, event({}, { units: ['social'] }))).toBe(false);
    // An event without an audience (written before audiences) reaches no unit member or liaison.
    expect(mayReceive(member, event({ audience: undefined }))).toBe(false);
    expect(mayReceive(actor({}), event({ audience: undefined }))).toBe(true);
  });

  it('frames SSE with the id first and one data line', () => {
    expect(sseFrame('incident', { a: 1 }, 42)).toBe('id: 42\nevent: incident\ndata: {"a":1}\n\n');
    expect(sseFrame('hub', { a: 'x\ny' })).toBe('event: hub\ndata: {"a":"x\\ny"}\n\n');
  });
});
