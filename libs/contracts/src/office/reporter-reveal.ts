import { rpcSubject } from '../common/rpc';
import { RevealRequest } from '../common/requests';

/**
 * `office.incident.reveal-reporter`: the reporter's name and phone in full (lists and views show
 * them masked for every role, 138****5678). Only the street command and the unit or department
 * working the case may (to call the reporter back); never the system admin, the auditor or the
 * security admin (三员分立). The gateway writes the reveal, with its reason, to the hash-chained
 * audit log before the answer leaves (`POST /api/v1/incidents/{id}/reveal-phone`).
 */
export namespace RevealIncidentReporter {
  export const subject = rpcSubject<Request, Reply>('office.incident.reveal-reporter');
  export class Request extends RevealRequest {}
  export interface Reply {
    id: string;
    code: string;
    reporter: { name: string | null; phone: string | null };
  }
}
