import { randomUUID } from 'node:crypto';
import { AcceptFederationEscalation, AnswerFederationEscalation, CommonErrorCode, ReturnFederationEscalation } from '@grid122/contracts';
import { serviceUnderTest } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';

jest.setTimeout(120_000);

/**
 * The district's three decisions on an escalation (区级受理 / 答复 / 退回), one subject each: what
 * each must carry is the contract's rule (an answer its reply, a return its reason), checked by the
 * service, not left to the gateway's route. The decisions themselves, sent down to a street and
 * recorded there, are the federation spec's (apps/gateway/test/federation).
 */
describe('federation: escalation decisions over their contracts', () => {
  const svc = serviceUnderTest({ app: 'federation', module: () => AppModule.forRoot(), dataSource: dataSourceOptions });
  const incidentId = randomUUID();

  it('refuses an answer without its reply and a return without its reason, naming the field', async () => {
    expect(await svc().invalidField(AnswerFederationEscalation, { incidentId }, 'district')).toBe('reply');
    expect(await svc().invalidField(AnswerFederationEscalation, { incidentId, reply: '好' }, 'district')).toBe('reply');
    expect(await svc().invalidField(ReturnFederationEscalation, { incidentId, reason: '' }, 'district')).toBe('reason');
    expect(await svc().invalidField(AcceptFederationEscalation, { incidentId, note: 'x'.repeat(2001) }, 'district')).toBe('note');
  });

  it('takes a well-formed decision to the service, which a street answers with 404 (it holds no escalations)', async () => {
    expect((await svc().refusal(AcceptFederationEscalation, { incidentId }, 'district')).code).toBe(CommonErrorCode.NotFound);
    expect((await svc().refusal(AnswerFederationEscalation, { incidentId, reply: '已协调区城管局处理' }, 'district')).code).toBe(CommonErrorCode.NotFound);
    expect((await svc().refusal(ReturnFederationEscalation, { incidentId, reason: '属街道职责范围' }, 'district')).code).toBe(CommonErrorCode.NotFound);
  });
});
