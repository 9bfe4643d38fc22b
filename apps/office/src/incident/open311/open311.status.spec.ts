import { ClosureType, IncidentState } from '@grid122/contracts';
import { extendedStatus, plainStatus, statusNote } from './open311.status';

describe('Open311 statuses', () => {
  it('never answers a closure other than fixed as fixed', () => {
    expect(extendedStatus(IncidentState.Closed, ClosureType.Fixed)).toBe('fixed');
    expect(extendedStatus(IncidentState.Closed, ClosureType.NotResponsible)).toBe('not_councils_responsibility');
    expect(extendedStatus(IncidentState.Closed, ClosureType.ClosedNotFixed)).toBe('no_further_action');
    expect(extendedStatus(IncidentState.Closed, ClosureType.Referred)).toBe('internal_referral');
    expect(extendedStatus(IncidentState.Rejected, null)).toBe('no_further_action');
    expect(extendedStatus(IncidentState.Duplicate, null)).toBe('duplicate');
  });

  it('names where an open case stands in FixMyStreet\'s words', () => {
    expect(extendedStatus(IncidentState.Reported, null)).toBe('open');
    expect(extendedStatus(IncidentState.Registered, null)).toBe('investigating');
    expect(extendedStatus(IncidentState.Dispatched, null)).toBe('action_scheduled');
    expect(extendedStatus(IncidentState.Handled, null)).toBe('in_progress');
    expect(extendedStatus(IncidentState.Escalated, null)).toBe('in_progress');
  });

  it('answers plain GeoReport open/closed with the reason in Chinese', () => {
    expect(plainStatus(IncidentState.Verified)).toBe('open');
    expect(plainStatus(IncidentState.Rejected)).toBe('closed');
    expect(statusNote(IncidentState.Rejected, null, '不在本街道')).toBe('不予立案：不在本街道');
    expect(statusNote(IncidentState.Closed, ClosureType.NotResponsible, null, '铁路部门')).toBe('不属于本街道职责，责任方：铁路部门');
    expect(statusNote(IncidentState.Closed, ClosureType.ClosedNotFixed, '现场未发现')).toBe('已结案，问题未能解决：现场未发现');
    expect(statusNote(IncidentState.Closed, ClosureType.Fixed, null)).toBe('已解决');
    expect(statusNote(IncidentState.Duplicate, null, null)).toBe('已合并为重复上报');
    expect(statusNote(IncidentState.Dispatched, null, null)).toBe('已派遣');
  });
});
