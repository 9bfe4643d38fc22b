import { Module, Provider, Type } from '@nestjs/common';
import { PiiCipher } from '@grid122/privacy';
import { OfficeEnv } from '../config/office.env';
import { StatsModule } from '../stats/stats.module';
import { UrgingRepository } from '../supervision/urging.repository';
import { FindingConsumer } from '../unit-cases/finding.consumer';
import { SurveyConsumer } from '../unit-cases/survey.consumer';
import { Reclassifier } from '../triage/reclassifier';
import { StaffDirectory } from '../unit-cases/staff-directory';
import { UnitCaseConsumer } from '../unit-cases/unit-case.consumer';
import { DispatchPartyRepository } from '../joint/dispatch-party.repository';
import { JointDispatchService } from '../joint/joint-dispatch.service';
import { SatisfactionMessageController } from '../satisfaction/satisfaction.message-controller';
import { SatisfactionAnswerRepository } from '../satisfaction/satisfaction-answer.repository';
import { SatisfactionService } from '../satisfaction/satisfaction.service';
import { IncidentClockService } from './incident-clock.service';
import { IncidentMessageController } from './incident.message-controller';
import { IncidentRepository } from './incident.repository';
import { IncidentEventBuilder } from './incident-events';
import { IncidentIntakeService } from './incident-intake.service';
import { IncidentQueryService } from './incident-query.service';
import { IncidentWorkflowService } from './incident-workflow.service';
import { PhotoStore } from './photo-store';
import { ClockSteps } from './workflow/clock.steps';
import { ClosureSteps } from './workflow/closure.steps';
import { DispatchSteps } from './workflow/dispatch.steps';
import { DuplicateSteps } from './workflow/duplicate.steps';
import { EscalationSteps } from './workflow/escalation.steps';
import { HandlingSteps } from './workflow/handling.steps';
import { IncidentStepWriter } from './workflow/incident-step';
import { RegistrationSteps } from './workflow/registration.steps';
import { RegistryLocator } from './registry-locator';
import { OfficeGridIndex } from './grid-index/office-grid-index';
import { Open311RequestsMessageController } from './open311/open311-requests.message-controller';
import { Open311RequestsRepository } from './open311/open311-requests.repository';
import { Open311RequestsService } from './open311/open311-requests.service';
import { Open311Service } from './open311/open311.service';
import { ReporterRevealMessageController, ReporterRevealService } from './reporter-reveal';
import { IncidentUpdatesMessageController } from './updates/incident-updates.message-controller';
import { IncidentUpdatesRepository } from './updates/incident-updates.repository';
import { IncidentUpdatesService } from './updates/incident-updates.service';

/** The ledger: intake, workflow, the clock, satisfaction, Open311 reads and updates, and the units' cases followed back. */
const controllers: Type[] = [IncidentMessageController, ReporterRevealMessageController, SatisfactionMessageController, IncidentUpdatesMessageController, Open311RequestsMessageController];
// the ledger itself split along its seams: how an incident begins, its transactional steps, the reads
const ledger: Provider[] = [IncidentIntakeService, IncidentWorkflowService, IncidentQueryService, IncidentEventBuilder, EscalationSteps];
// the workflow's steps by seam (workflow/), each action written through the one IncidentStepWriter
const steps: Provider[] = [IncidentStepWriter, RegistrationSteps, DispatchSteps, ClockSteps, HandlingSteps, ClosureSteps, DuplicateSteps];
const services: Provider[] = [...ledger, ...steps, Reclassifier, ReporterRevealService, JointDispatchService, SatisfactionService, IncidentUpdatesService, Open311RequestsService, Open311Service, IncidentClockService, UnitCaseConsumer, FindingConsumer, SurveyConsumer, StaffDirectory];
// the urgings are read into an incident's view; 督办/催办 themselves are SupervisionModule's
const repositories: Provider[] = [IncidentRepository, DispatchPartyRepository, SatisfactionAnswerRepository, IncidentUpdatesRepository, Open311RequestsRepository, UrgingRepository];
const adapters: Provider[] = [
  PhotoStore,
  OfficeGridIndex,
  RegistryLocator,
  { provide: PiiCipher, inject: [OfficeEnv], useFactory: (env: OfficeEnv) => new PiiCipher(env.piiKeys('office')) },
];

// Exported for the capabilities built on the ledger (hotspots, diaries, supervision, …), which read the same clock, rows and counters.
@Module({ imports: [StatsModule], controllers, providers: [...services, ...repositories, ...adapters], exports: [IncidentClockService, IncidentRepository, StatsModule, UrgingRepository, ...ledger, Reclassifier, PiiCipher] })
export class IncidentModule {}
