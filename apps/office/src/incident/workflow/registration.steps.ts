import { Injectable } from '@nestjs/common';
import { IncidentAction, IncidentState, TransitionIncident } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { Reclassifier } from '../../triage/reclassifier';
import { Doer, kindsOf } from '../incident-access';
import { IncidentEventBuilder } from '../incident-events';
import { IncidentRow } from '../incident.row';
import { Step } from './incident-step';

/** 立案 and 不予立案 at the desk, with the classification (筛选分类) a registration may settle. */
@Injectable()
export class RegistrationSteps {
  constructor(
    private readonly reclassifier: Reclassifier,
    private readonly events: IncidentEventBuilder,
  ) {}

  readonly steps = {
    [IncidentAction.Register]: async ({ now }) => ({ patch: { registered_at: now }, deltas: { registered: 1 } }),
    [IncidentAction.Reject]: async () => ({ deltas: { rejected: 1 } }),
  } satisfies Partial<Record<IncidentAction, Step>>;

  /**
   * 筛选分类 at registration: `register` may carry the key area and category the centre settles on;
   * the change is recorded first (its own history entry, counters moved), then the registration.
   * Other actions do not take them.
   */
  async triageIn(m: EntityManager, row: IncidentRow, req: TransitionIncident.Request, doer: Doer): Promise<IncidentRow> {
    if (!req.keyArea && !req.category) return row;
    if (req.action !== IncidentAction.Register) {
      throw AppError.validation([{ field: req.category ? 'category' : 'keyArea', messages: ['keyArea and category are set at register, or later with POST /api/v1/incidents/{id}/reclassify'] }]);
    }
    if (!doer.actor || !kindsOf(doer.actor, row).has('commander')) throw AppError.forbidden(`Role ${doer.role} may not register incident ${row.code}`);
    if (row.state !== IncidentState.Reported) throw AppError.illegalTransition('incident', row.state, IncidentAction.Register);
    return this.reclassifier.classifyIn(m, row, req, req.note ?? null, doer, (u, extra) => this.events.eventData(u, row.state, doer, extra));
  }
}
