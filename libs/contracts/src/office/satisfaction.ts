import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { IncidentView } from './incident-report';
import { Satisfaction } from './satisfaction-answer';
import { rpcSubject } from '../common/rpc';
import { Text } from '../common/fields';

/** `office.incident.rate` (`POST /api/v1/incidents/{id}/satisfaction`): the reporter's answer on the current closure. */
export namespace RateIncident {
  export const subject = rpcSubject<Request, Reply>('office.incident.rate');
  export class Request {
    @IsUUID() incidentId: string;
    @IsEnum(Satisfaction, { message: 'answer must be satisfied (满意), basically_satisfied (基本满意) or dissatisfied (不满意)' }) answer: Satisfaction;
    /** The reporter's words (不满意: why). */
    @IsOptional() @Text(2000) comment?: string;
  }
  /** The incident after the answer (reopened when 不满意 within the window), and whether it was reopened. */
  export type Reply = IncidentView & { reopened: boolean; notReopenedBecause: string | null };
}
