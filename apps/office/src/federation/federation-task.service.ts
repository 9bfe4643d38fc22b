import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  Actor,
  CommonErrorCode,
  DISTRICT_TASK_STREAM,
  FEDERATION_TASK_CHANNEL_LABELS,
  FederationTaskMessage,
  federationTaskFilter,
  IncidentSource,
  IncidentView,
  RegistryErrorCode,
  ReportIncident,
  Role,
  STREET_TASK_STREAM,
  labelOr,
} from '@grid122/contracts';
import { AppError, ensureSourcedStream, NatsHolder, RpcClient, StreamConsumer } from '@grid122/messaging';
import { transactionWithRetry } from '@grid122/persistence';
import { JsMsg, JSONCodec } from 'nats';
import { DataSource } from 'typeorm';
import { OfficeFederationEnv } from './federation.env';
import { FederationTaskRepository } from './federation-task.repository';
import { EscalationSteps } from '../incident/workflow/escalation.steps';

const codec = JSONCodec<FederationTaskMessage>();

/** The district platform as the office's intake sees it: fixed id, so the idempotency keys are its own. */
export const DISTRICT_PLATFORM_ACTOR_ID = '6f1c3e0a-2d4b-5a8e-9c71-0d1f2e3a4b5c';

/** Transient failures are retried (nak with backoff); anything else is the task's own fault. */
const TRANSIENT = new Set<string>([CommonErrorCode.ServiceUnavailable, CommonErrorCode.ServiceTimeout, CommonErrorCode.Internal]);

/**
 * 区级下派 at the street: the street's NATS sources its own tasks from the district's DISTRICT_TASKS
 * (filter `fed.task.<street>.>`) into STREET_TASKS, so tasks sent while the link was down arrive
 * when it returns. A durable consumer shared by the office's replicas takes each one into the
 * ledger through the ordinary intake (`office.incident.report`, source `district_platform`, the
 * district's reference as `sourceRef`) with the task id as Idempotency-Key, then records it in
 * `office.federation_tasks`: a redelivery finds the row (or the key) and makes no second incident.
 */
@Injectable()
export class FederationTaskService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FederationTaskService.name);
  private consumer?: StreamConsumer;

  constructor(
    private readonly env: OfficeFederationEnv,
    private readonly nats: NatsHolder,
    private readonly rpc: RpcClient,
    private readonly repo: FederationTaskRepository,
    private readonly escalation: EscalationSteps,
    private readonly ds: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const street = this.env.FEDERATION_STREET;
    if (!street) return;
    const nc = this.nats.get();
    // Local stream, remote source: created even while the district is unreachable.
    await ensureSourcedStream(nc, STREET_TASK_STREAM, [{ stream: DISTRICT_TASK_STREAM, domain: this.env.FEDERATION_UPSTREAM_DOMAIN, filter: federationTaskFilter(street) }]);
    this.consumer = new StreamConsumer(() => this.nats.get(), { stream: STREET_TASK_STREAM, durable: 'office-federation-tasks', handle: (m) => this.handle(m) });
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  private actor(): Actor {
    return { id: DISTRICT_PLATFORM_ACTOR_ID, username: 'district-platform', displayName: '区级平台', role: Role.Platform, scope: this.env.FEDERATION_STREET_PATH! };
  }

  private async handle(msg: JsMsg): Promise<void> {
    let task: FederationTaskMessage;
    try {
      task = codec.decode(msg.data);
    } catch {
      this.logger.error(`dropping undecodable task ${msg.subject}#${msg.seq}`);
      return;
    }
    await this.takeIn(task);
  }

  /** Takes one task into the ledger, at most once. Exposed for tests and replay tools. */
  async takeIn(task: FederationTaskMessage): Promise<void> {
    if (task.street !== this.env.FEDERATION_STREET) {
      this.logger.warn(`task ${task.taskId} is for street ${task.street}, not ${this.env.FEDERATION_STREET}: ignored`);
      return;
    }
    if (await this.repo.get(task.taskId)) return;
    if (task.kind === 'escalation_decision') return this.decide(task);
    const channel = labelOr(FEDERATION_TASK_CHANNEL_LABELS, task.channel).zh;
    const request: ReportIncident.Request = {
      source: IncidentSource.DistrictPlatform,
      sourceRef: task.reference,
      title: task.title,
      description: [`【区级下派 ${channel} ${task.reference}】`, task.description ?? ''].join(' ').trim().slice(0, 4000),
      keyArea: task.keyArea,
      category: task.category,
      ...(task.location ? { location: task.location } : {}),
      ...(task.address ? { address: task.address } : {}),
      gridPath: task.gridPath,
      ...(task.reporter ? { reporter: task.reporter } : {}),
      reportedAt: task.receivedAt,
      idempotencyKey: `fed-task-${task.taskId}`,
    };
    try {
      const view = await this.report(request);
      // 办结时限: the district's due date, on the incident the street works (districtDueAt).
      if (task.dueAt) await this.escalation.setDistrictDueAt(view.id, task.dueAt);
      await this.repo.record(task, { incidentId: view.id, code: view.code });
    } catch (e) {
      if (!(e instanceof AppError) || TRANSIENT.has(e.code)) throw e;
      // The task's own fault (a category the street does not have, a place outside the street):
      // recorded as refused, not retried forever; the commander finds it in office.federation_tasks.
      this.logger.error(`task ${task.taskId} (${task.reference}) refused: ${e.code} ${e.message}`);
      await this.repo.record(task, { error: e.toBody() });
    }
  }

  /**
   * The district's decision on an escalation (accept / answer / return), recorded on the incident
   * with the message in the same transaction, so a redelivery changes nothing; a decision the
   * incident cannot take (not escalated any more, unknown) is recorded as refused.
   */
  private async decide(task: FederationTaskMessage): Promise<void> {
    const d = task.escalation;
    if (!d) {
      this.logger.error(`decision ${task.taskId} without its escalation: dropped`);
      return;
    }
    try {
      await transactionWithRetry(this.ds, async (m) => {
        const row = await this.escalation.districtDecisionIn(m, this.actor(), d.incidentId, d.decision, d.text);
        await this.repo.record(task, { incidentId: row.id, code: row.code }, m);
      });
    } catch (e) {
      if (!(e instanceof AppError) || TRANSIENT.has(e.code)) throw e;
      this.logger.error(`decision ${task.taskId} on ${d.code} refused: ${e.code} ${e.message}`);
      await this.repo.record(task, { error: e.toBody() });
    }
  }

  /** The intake; a point the registry cannot place falls back to the grid the district named. */
  private async report(request: ReportIncident.Request): Promise<IncidentView> {
    try {
      return await this.rpc.request<IncidentView>('office', ReportIncident.subject, request, { actor: this.actor() });
    } catch (e) {
      if (e instanceof AppError && e.code === RegistryErrorCode.PointOnNoGrid && request.location) {
        const { location: _ignored, ...rest } = request;
        return this.rpc.request<IncidentView>('office', ReportIncident.subject, { ...rest, address: rest.address ?? '区级下派（无地址）' }, { actor: this.actor() });
      }
      throw e;
    }
  }
}
