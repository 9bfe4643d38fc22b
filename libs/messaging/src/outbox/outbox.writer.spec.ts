import { OfficeEvents, PetitionsEvents } from '@grid122/contracts';
import { OutboxWriter } from './outbox.writer';

/**
 * No personal data leaves a service in an event (issue 20 item 8): whatever a producer puts in an
 * event's data, the outbox writer masks phones, ID numbers, e-mails and residents' names, and the
 * contacts written into free text — for every producer, since every event is built here.
 */
describe('OutboxWriter: no personal data in events', () => {
  const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

  it('masks what a careless producer puts in, and keeps the rest', () => {
    const e = new OutboxWriter('office', 'office').build({
      type: OfficeEvents.IncidentEscalated,
      gridPath: 'nj.gulou.btq',
      data: {
        incidentId: 'i1',
        code: 'BTQ-20261207-0042',
        title: '噪音扰民，回电 13912345678',
        note: '身份证 320106199001011234',
        escalation: { reason: 'r', description: '王阿姨 13800138000', reporterName: '王阿姨', history: [{ action: 'report', fromState: null, toState: 'reported', at: '2026-12-07T00:00:00Z', byRole: 'grid_worker', note: '邮箱 wang@example.cn' }] },
      } as never,
    });
    const text = JSON.stringify(e.data);
    expect(text).not.toMatch(PHONE);
    expect(text).not.toContain('320106199001011234');
    expect(text).not.toContain('wang@example.cn');
    expect(e.data).toMatchObject({ incidentId: 'i1', code: 'BTQ-20261207-0042', title: '噪音扰民，回电 139****5678', escalation: { reporterName: '王**' } });
  });

  it('leaves an event without personal data as it was', () => {
    const data = { followUpId: 'f', personId: 'p', category: 'sensitive', riskLevel: 'high', gridPath: 'nj.gulou.btq', visitorId: 'v', visitedAt: '2026-12-07T00:00:00Z', late: false };
    expect(new OutboxWriter('petitions', 'petitions').build({ type: PetitionsEvents.FollowUpRecorded, gridPath: 'nj.gulou.btq', data }).data).toEqual(data);
  });
});
