import { IsOptional, IsUUID } from 'class-validator';
import { IncidentView } from './incident-report';
import { rpcSubject } from '../common/rpc';
import { Text } from '../common/fields';

export * from './urging-view';

/** `office.incident.urge` (`POST /api/v1/incidents/{id}/urge`): the centre sends a 催办 to the responsible party. */
export namespace UrgeIncident {
  export const subject = rpcSubject<Request, Reply>('office.incident.urge');
  export class Request {
    @IsUUID() incidentId: string;
    @IsOptional() @Text(2000) note?: string;
  }
  export type Reply = IncidentView;
}

/** `office.incident.urging.acknowledge` (`POST /api/v1/incidents/{id}/urgings/{urgingId}/acknowledge`): the responsible unit or department acknowledges. */
export namespace AcknowledgeUrging {
  export const subject = rpcSubject<Request, Reply>('office.incident.urging.acknowledge');
  export class Request {
    @IsUUID() incidentId: string;
    @IsUUID() urgingId: string;
    @IsOptional() @Text(2000) note?: string;
  }
  export type Reply = IncidentView;
}
