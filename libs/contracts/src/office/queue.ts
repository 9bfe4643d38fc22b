import { IsIn, IsOptional } from 'class-validator';
import { IncidentView } from './incident-report';
import { TRAFFIC_LIGHTS, TrafficLight } from './labels';
import { rpcSubject } from '../common/rpc';
import { PageQuery } from '../common/pagination';

/** What an item of a work queue waits for from its owner (the action they take next). */
export type QueueAction = 'register' | 'dispatch' | 'accept' | 'handle' | 'verify' | 'close' | 'acknowledge';

export const QUEUE_ACTION_LABELS: Record<QueueAction, { zh: string; en: string }> = {
  register: { zh: '待立案', en: 'To register' },
  dispatch: { zh: '待派遣', en: 'To dispatch' },
  accept: { zh: '待签收', en: 'To accept' },
  handle: { zh: '待处置', en: 'To handle' },
  verify: { zh: '待核查', en: 'To verify' },
  close: { zh: '待结案', en: 'To close' },
  acknowledge: { zh: '待签收催办', en: 'To acknowledge an urging' },
};

/**
 * `office.queue.mine` (我的待办, issue 23 item 8): what waits for the caller, most urgent first
 * (by deadline; items without one last), each with its clock and traffic light:
 * - a unit member: cases dispatched to their unit (to accept) or accepted by it (to handle), and
 *   its parts as an assist (协办) of a joint dispatch until it has reported back;
 * - a department's liaison: the same for their department;
 * - a grid worker: handled cases in their grids (to verify);
 * - the street commander: reports to register, registrations to dispatch, verified cases to close.
 */
export namespace MyQueue {
  export const subject = rpcSubject<Request, Reply>('office.queue.mine');
  export class Request extends PageQuery {
    /** Only items whose light is this one. */
    @IsOptional() @IsIn(TRAFFIC_LIGHTS) light?: TrafficLight;
    /** Only items waiting for this action. */
    @IsOptional() @IsIn(Object.keys(QUEUE_ACTION_LABELS)) action?: QueueAction;
  }
  export interface Item extends IncidentView {
    /** `part` (a unit's or department's queue): its own case (`lead`, 主办 or sole assignee) or its part as an assist (`assist`, 协办). */
    waitingFor: { action: QueueAction; label: { zh: string; en: string }; part?: 'lead' | 'assist' };
  }
  export interface Reply {
    /** Whose queue: the unit, the department id, the grid paths or the street. */
    owner: { kind: 'unit' | 'department' | 'grid_worker' | 'commander'; ref: string };
    items: Item[];
    nextCursor: string | null;
    /** The whole queue (not the page), by light: red = overdue, yellow = ≥ 80% of the limit used. */
    counts: { total: number; red: number; yellow: number; green: number; none: number };
  }
}
