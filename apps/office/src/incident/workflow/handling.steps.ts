import { Injectable } from '@nestjs/common';
import { IncidentAction } from '@grid122/contracts';
import { JointDispatchService } from '../../joint/joint-dispatch.service';
import { CounterDeltas } from '../../stats/stats.repository';
import { assigneeOf } from '../incident-access';
import { IncidentPatch } from '../incident.row';
import { Step, StepContext, StepChange } from './incident-step';

/** 处置反馈, 核查 and 返工: the unit's result, the grid's check of the place, and the case sent back. */
@Injectable()
export class HandlingSteps {
  constructor(private readonly joint: JointDispatchService) {}

  readonly steps = {
    [IncidentAction.Handle]: (c) => this.handle(c),
    // 处置前后对比: the grid's photos of the place after handling, beside the report's and the result's.
    [IncidentAction.Verify]: async ({ body }) => ({
      patch: { verification_photos: body.photos ?? [] },
      extra: { photos: body.photos ?? [] },
      data: roundPhotos(body.photos),
    }),
    [IncidentAction.Rework]: async ({ row }) => ({
      patch: { rework_count: row.rework_count + 1, handled_at: null },
      deltas: row.rework_count === 0 ? { reworked: 1 } : {},
    }),
  } satisfies Partial<Record<IncidentAction, Step>>;

  private async handle({ m, row, body, doer, now }: StepContext): Promise<StepChange> {
    const patch: IncidentPatch = { result: body.result!, result_photos: body.photos ?? [], handled_at: now };
    const deltas: CounterDeltas = {};
    if (!row.handled_ever) {
      patch.handled_ever = true;
      deltas.handled = 1;
    }
    let note = body.result!;
    // The case is handled when the lead reports done; assists not yet reported are named (docs/office.md).
    const missing = await this.joint.leadHandled(m, row, assigneeOf(doer, row), body, now);
    if (missing.length) note = `${note}; 协办未反馈：${missing.join('、')}`;
    return { patch, deltas, note, extra: { photos: body.photos ?? [], firstHandled: deltas.handled === 1 }, data: roundPhotos(body.photos) };
  }
}

/** A handle or verify entry keeps its photos, so every round's before/after stays in the history. */
function roundPhotos(photos: string[] | undefined): { photos: string[] } | undefined {
  return photos?.length ? { photos } : undefined;
}
