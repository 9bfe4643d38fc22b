import { AppraisalHub } from '@grid122/contracts';
import { addMonths, streetCalendar } from '@grid122/calendar';
import { hubPart, messageController } from '@grid122/messaging';
import { AppraisalHubRepository } from './hub.repository';

/** `appraisal.hub.figures`: last month's ranking and three rates (考核评价). */
export const AppraisalHubMessageController = messageController('AppraisalHubMessageController', { repo: AppraisalHubRepository }, (on) => [
  on(AppraisalHub, (s, req, a) => hubPart(req, a, () => s.repo.figures(req.scope, lastMonthOf(req.to)))),
]);

/** The street month before the one holding the instant just before `to` (exclusive end), as its first day. */
export function lastMonthOf(to: string): string {
  return `${addMonths(streetCalendar().month(new Date(to).getTime() - 1), -1)}-01`;
}
