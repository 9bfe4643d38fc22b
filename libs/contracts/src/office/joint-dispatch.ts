import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { Unit } from '../common/actor';
import { labelled, ValueOf } from '../common/labelled';

/**
 * Joint dispatch (联合派遣): one lead (主办) and any number of assisting units or departments
 * (协办), each with its own acceptance (签收) and feedback (反馈). The case is handled when the lead
 * reports done; the assists' feedback is recorded beside it (docs/office.md, joint dispatch).
 */

/** One unit of "122" or one department named in a dispatch: exactly one of the two. */
export class DispatchPartyDto {
  @IsOptional() @IsEnum(Unit) unit?: Unit;
  @IsOptional() @IsUUID() departmentId?: string;
}

/** 主办 the lead, 协办 an assist. */
export const { values: DispatchRole, labels: DISPATCH_ROLE_LABELS } = labelled({
  Lead: ['lead', '主办', 'Lead'],
  Assist: ['assist', '协办', 'Assisting'],
});
export type DispatchRole = ValueOf<typeof DispatchRole>;

/** Where one party of a dispatch stands. */
export const { values: DispatchPartyState, labels: DISPATCH_PARTY_STATE_LABELS } = labelled({
  Dispatched: ['dispatched', '待签收', 'Waiting for acceptance'], // 已派遣，待签收
  Accepted: ['accepted', '已签收', 'Accepted'],
  Reported: ['reported', '已反馈', 'Reported back'],
  Returned: ['returned', '已退回', 'Returned'],
});
export type DispatchPartyState = ValueOf<typeof DispatchPartyState>;

/** One party of the incident's current dispatch, as `GET /api/v1/incidents/{id}` shows it (`parties`). */
export interface DispatchPartyView {
  role: DispatchRole;
  roleLabel: { zh: string; en: string };
  unit: Unit | null;
  departmentId: string | null;
  /** 综合执法队, or 部门 <id> for a department. */
  name: string;
  state: DispatchPartyState;
  stateLabel: { zh: string; en: string };
  acceptedAt: string | null;
  reportedAt: string | null;
  feedback: string | null;
  photos: string[];
  dispatchedAt: string;
}
