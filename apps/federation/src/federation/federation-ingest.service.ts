import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DISTRICT_TASK_STREAM, DomainEvent, FEDERATION_TASK_SUBJECT_PREFIX, FederationMode, IncidentEventData, OfficeEvents } from '@grid122/contracts';
import { ensureSourcedStream, ensureSubjectStream, NatsHolder, originOf, sourceOrigin, StreamConsumer } from '@grid122/messaging';
import { JsMsg, JSONCodec } from 'nats';
import { FederationEnv } from '../config/federation.env';
import { FederationMember, memberOf, parseMembers, upwardStreams } from './federation-members';
import { FederationRepository } from './federation.repository';

const codec = JSONCodec<DomainEvent<IncidentEventData>>();
export const FEDERATION_CONSUMER = 'federation-read-model';

/**
 * The district's (or city's) side of federation. At start-up it makes sure of its streams: the
 * upward one SOURCING every member's events across the leaf link (`$JS.<domain>.API`, filter
 * `evt.office.incident.>`) and, for a district, DISTRICT_TASKS (`fed.task.>`) the streets source
 * their own tasks from. A durable consumer shared by the service's replicas folds the sourced
 * events into the read model, each event in one transaction with its inbox row.
 */
@Injectable()
export class FederationIngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FederationIngestService.name);
  private consumer?: StreamConsumer;
  readonly mode: FederationMode;
  readonly members: FederationMember[];
  /** Each member by the origin nats-server stamps on what its link delivers (`Nats-Stream-Source`). */
  private readonly memberByOrigin: Map<string, FederationMember>;

  constructor(
    env: FederationEnv,
    private readonly nats: NatsHolder,
    private readonly repo: FederationRepository,
  ) {
    this.mode = env.FEDERATION_MODE as FederationMode;
    this.members = parseMembers(env.FEDERATION_STREETS);
    const below = upwardStreams(this.mode).below;
    this.memberByOrigin = new Map(this.members.map((m) => [sourceOrigin(below, m.domain), m]));
  }

  get enabled(): boolean {
    return this.mode !== FederationMode.Street;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    const nc = this.nats.get();
    const streams = upwardStreams(this.mode);
    if (this.mode === FederationMode.District) await ensureSubjectStream(nc, DISTRICT_TASK_STREAM, [`${FEDERATION_TASK_SUBJECT_PREFIX}.>`]);
    await ensureSourcedStream(
      nc,
      streams.own,
      this.members.map((m) => ({ stream: streams.below, domain: m.domain, filter: streams.filter })),
    );
    this.consumer = new StreamConsumer(() => this.nats.get(), { stream: streams.own, durable: FEDERATION_CONSUMER, handle: (m) => this.handle(m) });
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  private async handle(msg: JsMsg): Promise<void> {
    let event: DomainEvent<IncidentEventData>;
    try {
      event = codec.decode(msg.data);
    } catch {
      this.logger.error(`dropping undecodable event ${msg.subject}#${msg.seq}`);
      return;
    }
    // A member speaks only for itself: the link it came through (the source's origin, written by
    // nats-server) must be the member whose grid path the event names, or a street could file
    // events under another street's name (docs/security.md, "Federation links").
    const from = this.memberByOrigin.get(originOf(msg.headers?.get('Nats-Stream-Source')) ?? '');
    const named = event.data?.gridPath ? memberOf(this.members, event.data.gridPath) : null;
    if (!from || !named || from.label !== named.label) {
      this.logger.warn(`refusing event ${event.id} (${event.type}) of ${event.data?.gridPath ?? '?'}: it came through ${from ? `${from.label}'s link` : 'no member\'s link'}`);
      return;
    }
    await this.apply(event);
  }

  /** Applies one incident event at most once. Exposed for replay tools and tests. */
  async apply(event: DomainEvent<IncidentEventData>): Promise<boolean> {
    const d = event.data;
    if (!d?.incidentId || !d.gridPath) return false;
    // The member by its grid path; an unknown path still counts, under its street label.
    const street = memberOf(this.members, d.gridPath)?.label ?? d.gridPath.split('.').slice(0, 3).join('.');
    const escalated = event.type === OfficeEvents.IncidentEscalated;
    return this.repo.transaction(async (m) => {
      if (!(await this.repo.claim(m, FEDERATION_CONSUMER, event.id))) return false;
      await this.repo.upsertIncident(m, street, d, event.occurredAt, escalated);
      if (escalated) await this.repo.insertEscalation(m, event.id, street, d, event.occurredAt);
      return true;
    });
  }
}
