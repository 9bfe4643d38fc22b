import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, FinishIncidentImport, ImportIncidents } from '@grid122/contracts';
import { AppError, CurrentActor } from '@grid122/messaging';
import { IncidentImportService } from './incident-import.service';

/** NATS adapter of the bulk import. */
@Controller()
export class IncidentImportMessageController {
  constructor(private readonly imports: IncidentImportService) {}

  /**
   * A batch of up to 2,000 records skips the validation pipe (its parameter has no class): the
   * envelope is checked by hand here and every record by checkImportRecord in the service.
   */
  @MessagePattern(ImportIncidents.subject)
  importBatch(@Payload() req: unknown, @CurrentActor() actor: Actor) {
    const { batch, errors } = ImportIncidents.envelopeOf(req);
    if (!batch) throw AppError.validation(errors);
    return this.imports.importBatch(actor, batch);
  }

  @MessagePattern(FinishIncidentImport.subject)
  finish(@Payload() req: FinishIncidentImport.Request, @CurrentActor() actor: Actor) {
    return this.imports.finish(actor, req);
  }
}
