import { Indicator, OfficeEvents, PetitionsEvents, SocialEvents, TypedEvent } from '@grid122/contracts';
import { MappedEventType, mapEvent } from './fact-mapper';

/** An event with only the fields a case reads (the rest of its data left out on purpose). */
const ev = (type: string, data: object, occurredAt = '2025-03-31T17:00:00.000Z') =>
  ({ id: 'e1', type: type as MappedEventType, source: 't', occurredAt, gridPath: null, data: data as never }) as TypedEvent<MappedEventType>;
const W = '11111111-1111-4111-8111-111111111111';
const V = '22222222-2222-4222-8222-222222222222';

describe('fact mapper', () => {
  it('dates a fact in the street month (UTC+8)', () => {
    expect(mapEvent(ev(OfficeEvents.IncidentReported, { incidentId: 'i', gridPath: 'a.b', reportedById: W }))?.month).toBe('2025-04');
  });

  it('a closure gives closed, fixed, on-time and the resolution level, credited to the reporter', () => {
    const sut = mapEvent(ev(OfficeEvents.IncidentClosed, { incidentId: 'i', gridPath: 'a.b', reportedById: W, closureType: 'fixed', onTime: true, resolutionLevel: 'community' }))!;
    expect(sut.facts.map((f) => f.indicator)).toEqual([Indicator.IncidentsClosed, Indicator.IncidentsFixed, Indicator.IncidentsClosedOnTime, Indicator.ResolvedAtCommunity]);
    expect(sut.facts.every((f) => f.personId === W && f.handlerFromRef)).toBe(true);
  });

  it('credits the visitor of a follow-up, never the person followed; a late one is due but not done', () => {
    const sut = mapEvent(ev(PetitionsEvents.FollowUpRecorded, { followUpId: 'f', personId: W, visitorId: V, gridPath: 'a.b', late: true }))!;
    expect(sut.facts).toEqual([expect.objectContaining({ indicator: Indicator.FollowupsDue, personId: V })]);
  });

  it('diaries count and carry the households visited; social visits count one each', () => {
    expect(mapEvent(ev(OfficeEvents.DiaryFiled, { diaryId: 'd', authorId: W, gridPath: 'a.b', householdsVisited: 6 }))!.facts.map((f) => [f.indicator, f.value])).toEqual([
      [Indicator.DiariesFiled, 1],
      [Indicator.HouseholdVisits, 6],
    ]);
    expect(mapEvent(ev(SocialEvents.VisitRecorded, { visitId: 'v', visitorId: V, gridPath: 'a.b' }))!.facts[0]).toMatchObject({ indicator: Indicator.HouseholdVisits, personId: V });
  });

  it('counts handling and rework once per case, as the ledger does (firstHandled, firstRework)', () => {
    const kinds = (type: string, data: Record<string, unknown>) => mapEvent(ev(type, { incidentId: 'i', gridPath: 'a.b', reportedById: W, ...data }))!.facts.map((f) => f.indicator);
    expect(kinds(OfficeEvents.IncidentHandled, { firstHandled: true })).toEqual([Indicator.IncidentsHandled]);
    expect(kinds(OfficeEvents.IncidentHandled, { firstHandled: false })).toEqual([]);
    expect(kinds(OfficeEvents.IncidentReworked, { reworkCount: 1, firstRework: true })).toEqual([Indicator.IncidentsReworked]);
    expect(kinds(OfficeEvents.IncidentReworked, { reworkCount: 2 })).toEqual([]);
    // reopened after a fixed closure: rework; after a closure as not ours: not (the office sends no firstRework)
    expect(kinds(OfficeEvents.IncidentReopened, { reworkCount: 1, firstRework: true })).toEqual([Indicator.IncidentsReworked]);
    expect(kinds(OfficeEvents.IncidentReopened, { reworkCount: 0 })).toEqual([]);
  });

  it('gives no resolution level to a closure that solved nothing', () => {
    const sut = mapEvent(ev(OfficeEvents.IncidentClosed, { incidentId: 'i', gridPath: 'a.b', reportedById: W, closureType: 'not_responsible', onTime: true, resolutionLevel: null }))!;
    expect(sut.facts.map((f) => f.indicator)).toEqual([Indicator.IncidentsClosed, Indicator.IncidentsClosedOnTime]);
  });

  it('counts a reporter’s answer on a closed case as an answered return visit, satisfied only when 满意/基本满意 and fixed', () => {
    const rated = (satisfaction: string, closureType: string) =>
      mapEvent(ev(OfficeEvents.IncidentRated, { incidentId: 'i', gridPath: 'a.b', reportedById: W, satisfaction, closureType }))!.facts.map((f) => f.indicator);
    expect(rated('satisfied', 'fixed')).toEqual([Indicator.SurveysAnswered, Indicator.SurveysSatisfied]);
    expect(rated('basically_satisfied', 'fixed')).toEqual([Indicator.SurveysAnswered, Indicator.SurveysSatisfied]);
    expect(rated('dissatisfied', 'fixed')).toEqual([Indicator.SurveysAnswered]);
    expect(rated('satisfied', 'not_responsible')).toEqual([Indicator.SurveysAnswered]);
  });

  it('ignores types it does not know', () => {
    expect(mapEvent(ev('social.points.earned', { gridPath: 'a.b' }))).toBeNull();
    expect(mapEvent(ev('office.incident.something_new', { gridPath: 'a.b' }))).toBeNull();
  });
});
