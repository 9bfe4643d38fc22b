import { Injectable } from '@nestjs/common';
import { IncidentAction, LimitUnit } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { isWorkingUnit } from '../../clock/time-limit';
import { Step, StepContext, StepChange } from './incident-step';

/** 挂起, 恢复 and 延期: the changes to an incident's clock the commander approves. */
@Injectable()
export class ClockSteps {
  readonly steps = {
    [IncidentAction.Suspend]: async ({ row, now }) => ({
      patch: { suspended_from: row.state, suspensions: [...row.suspensions, { from: now.toISOString(), to: null }] },
    }),
    [IncidentAction.Resume]: async ({ row, now }) => ({
      patch: { suspended_from: null, suspensions: row.suspensions.map((s) => (s.to ? s : { ...s, to: now.toISOString() })) },
    }),
    [IncidentAction.Extend]: async (c) => this.extend(c),
  } satisfies Partial<Record<IncidentAction, Step>>;

  /** Extends the limit of the phase the clock is in, in that limit's kind of time (working or calendar). */
  private extend({ row, body, now, category }: StepContext): StepChange {
    const phase = row.dispatched_at ? 'dispose' : 'register_dispatch';
    const limit = phase === 'dispose' ? category.limits.dispose : category.limits.registerDispatch;
    const unit: LimitUnit = body.limitUnit ?? limit.unit;
    if (isWorkingUnit(unit) !== isWorkingUnit(limit.unit) || (unit === 'calendar_days' && !Number.isInteger(body.value))) {
      throw AppError.validation([{ field: 'limitUnit', messages: [`a limit in ${limit.unit} is extended in ${isWorkingUnit(limit.unit) ? 'working_hours or working_days' : 'whole calendar_days'}`] }]);
    }
    return {
      patch: { extensions: [...row.extensions, { value: body.value!, unit, approvedAt: now.toISOString(), phase }], supervised_at: null },
      note: `延期 +${body.value} ${unit}: ${body.reason}`,
    };
  }
}
