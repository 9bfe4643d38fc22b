import { EVENT_VERSIONS, OfficeEvents, PetitionsEvents, matchesFilter } from '@grid122/contracts';
import { EntityManager } from 'typeorm';
import { OutboxWriter } from '../outbox/outbox.writer';
import { EventConsumers } from './event-consumers';

/**
 * The event map at work. The `@ts-expect-error` lines are the point: the type check (`tsc`, run
 * by `npm test`) fails if any of them compiles — a subscription to a type nobody publishes, a
 * field read that its data does not have, an event written with another type's data.
 */
describe('typed events', () => {
  const consumers = new EventConsumers(undefined, () => {
    throw new Error('not connected');
  });

  it('hands a handler its type’s data, and refuses types and fields the map does not have', async () => {
    const seen: string[] = [];
    const c = consumers.consumer('typed-spec').on(OfficeEvents.IncidentDispatched, async (data) => {
      seen.push(data.incidentId);
      // @ts-expect-error: IncidentEventData has no `incidentRef` (a renamed field does not compile)
      seen.push(data.incidentRef);
    });
    // @ts-expect-error: nothing publishes 'petitions.followup.overdue' (not in the event map)
    expect(() => c.on('petitions.followup.overdue', async () => undefined)).toThrow(/not in the event map/);
    await c.handle({ id: 'e', type: OfficeEvents.IncidentDispatched, source: 't', occurredAt: '', data: { incidentId: 'i1' } }, {} as EntityManager);
    await c.handle({ id: 'e', type: OfficeEvents.IncidentClosed, source: 't', occurredAt: '', data: { incidentId: 'i2' } }, {} as EntityManager);
    expect(seen).toEqual(['i1', undefined]);
    expect(c.subscriptions).toEqual([OfficeEvents.IncidentDispatched]);
  });

  it('checks handled types against the filters the durables subscribe to', () => {
    expect(() => consumers.consumer('typed-spec-2', { filters: ['office.>'] }).on(PetitionsEvents.PetitionReplied, async () => undefined)).toThrow(/matches none of its filters/);
    expect(matchesFilter('office.incident.closed', 'office.>')).toBe(true);
    expect(matchesFilter('office.incident.closed', 'office.*')).toBe(false);
    expect(matchesFilter('office.incident.closed', 'office.incident.*')).toBe(true);
    expect(matchesFilter('office.incident', 'office.incident.>')).toBe(false);
  });

  it('writes an event with its type’s data and version only', () => {
    const outbox = new OutboxWriter('spec', 'spec');
    const built = outbox.build({ type: PetitionsEvents.WarningAcknowledged, data: { warningId: 'w', gridPaths: ['a'], byId: 'b' } });
    expect(built.version).toBe(EVENT_VERSIONS[PetitionsEvents.WarningAcknowledged]);
    // @ts-expect-error: a warning acknowledged carries WarningAcknowledgedData, not a petition's reply
    outbox.build({ type: PetitionsEvents.WarningAcknowledged, data: { petitionId: 'p' } });
  });
});
