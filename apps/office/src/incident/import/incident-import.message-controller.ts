import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, FinishIncidentImport, ImportIncidents } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { IncidentImportService } from './incident-import.service';

/** NATS adapter of the bulk import. */
@Controller()
export class IncidentImportMessageController {
  constructor(private readonly imports: IncidentImportService) {}

  @MessagePattern(ImportIncidents.subject)
  importBatch(@Payload() req: ImportIncidents.Request, @CurrentActor() actor: Actor) {
    return this.imports.importBatch(actor, req);
  }

  @MessagePattern(FinishIncidentImport.subject)
  finish(@Payload() req: FinishIncidentImport.Request, @CurrentActor() actor: Actor) {
    return this.imports.finish(actor, req);
  }
}
