import { eventually } from '@grid122/testing';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * 回访: after an incident closes, appraisal opens a return-visit survey; the reporter's answer
 * "not fixed" reopens the incident in the office (counted as rework), across the two services.
 */
describe('a return visit answered "not fixed" reopens the incident', () => {
  let suite: Suite;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });

  beforeAll(async () => {
    suite = await startSuite({ services: ['office', 'appraisal'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
  });
  afterAll(() => suite?.stop());

  it('reopens after "not fixed", and only records "fixed"', async () => {
    const report = async (title: string, lng: number) =>
      (
        await suite
          .http()
          .post('/api/v1/incidents')
          .set(await auth('worker'))
          .send({
            source: 'grid_patrol',
            title,
            keyArea: 'other',
            category: 'exposed_rubbish',
            location: { lng, lat: 32.0963 },
            gridId: '11111111-1111-4111-8111-111111111111',
            gridPath: `${STREET}.c01.g2_01.g3_01`,
          })
          .expect(201)
      ).body;
    const close = async (id: string) => {
      await suite.toVerified(id, '已清运');
      return suite.act(id, 'close', 'commander', { closureType: 'fixed' });
    };
    const notFixed = await report('3栋2单元建筑垃圾', 118.7468);
    const fixed = await report('12栋东侧暴露垃圾', 118.7568);
    await close(notFixed.id);
    await close(fixed.id);

    const surveys = await eventually(async () => {
      const res = await suite.http().get('/api/v1/appraisal/surveys?kind=return_visit&status=pending').set(await auth('commander')).expect(200);
      const a = res.body.items.find((s: { incidentId: string }) => s.incidentId === notFixed.id);
      const b = res.body.items.find((s: { incidentId: string }) => s.incidentId === fixed.id);
      expect(a && b).toBeTruthy();
      return { a, b };
    }, 20_000);

    await suite.http().post(`/api/v1/appraisal/surveys/${surveys.a.id}/answer`).set(await auth('worker')).send({ rating: 1, fixed: false, comment: '垃圾仍未清运' }).expect(200);
    await suite.http().post(`/api/v1/appraisal/surveys/${surveys.b.id}/answer`).set(await auth('worker')).send({ rating: 5, fixed: true }).expect(200);

    const reopened = await eventually(async () => {
      const res = await suite.http().get(`/api/v1/incidents/${notFixed.id}`).set(await auth('commander')).expect(200);
      expect(res.body.state).not.toBe('closed');
      return res.body;
    }, 20_000);
    expect(reopened.reworkCount).toBe(1);
    expect(reopened.history.map((h: { action: string }) => h.action)).toContain('reopen');

    const stillClosed = await suite.http().get(`/api/v1/incidents/${fixed.id}`).set(await auth('commander')).expect(200);
    expect(stillClosed.body.state).toBe('closed');
  });
});
