import { createHash } from 'node:crypto';
import { streetCalendar } from '@grid122/calendar';
import { Injectable } from '@nestjs/common';
import {
  DecideFederationEscalation,
  FEDERATION_ESCALATION_DECISION_LABELS,
  Actor,
  CommonErrorCode,
  FEDERATION_TASK_CHANNEL_LABELS,
  FEDERATION_TASK_STATE_LABELS,
  FederatedEscalationView,
  FederatedStreetsQuery,
  FederatedStreetsReply,
  FederatedStreetView,
  FederationMode,
  FederationTaskMessage,
  FederationTaskChannel,
  FederationTaskState,
  FederationTaskView,
  federationTaskSubject,
  KEY_AREA_LABELS,
  KEY_AREAS,
  KeyArea,
  ListFederatedEscalationsQuery,
  PushFederationTaskRequest,
  labelOr,
} from '@grid122/contracts';
import { isWithinScope } from '@grid122/access';
import { AppError, NatsHolder, sourceStates, SourceState } from '@grid122/messaging';
import { JSONCodec } from 'nats';
import { v5 as uuidv5 } from 'uuid';
import { FederationEnv } from '../config/federation.env';
import { FederationIngestService } from './federation-ingest.service';
import { FederationMember, upwardStreams } from './federation-members';
import { FederationRepository, FigureRow, TaskRow } from './federation.repository';

/** Namespace of task ids: uuid v5 of `<street>:<reference>`, so a retried hand-down is the same task everywhere. */
const TASK_NAMESPACE = '3a1f7c52-9d0e-4b6a-8e21-5c4d3b2a1f09';
const codec = JSONCodec<FederationTaskMessage>();

/** The district platform (区级平台): escalations, per-street figures and ranking, task hand-down. */
@Injectable()
export class FederationService {
  constructor(
    private readonly env: FederationEnv,
    private readonly ingest: FederationIngestService,
    private readonly repo: FederationRepository,
    private readonly nats: NatsHolder,
  ) {}

  private assertEnabled(): void {
    if (!this.ingest.enabled) throw AppError.notFound('Federation view (this level runs FEDERATION_MODE=street)');
  }

  /** The members the caller may see: those whose grid path lies in the caller's scope. */
  private visibleMembers(actor: Actor): FederationMember[] {
    return this.ingest.members.filter((m) => isWithinScope(m.gridPath, actor.scope));
  }

  async escalations(actor: Actor, q: ListFederatedEscalationsQuery): Promise<{ items: FederatedEscalationView[] }> {
    this.assertEnabled();
    const rows = await this.repo.escalations(actor.scope, { street: q.street, status: q.status, limit: q.limit ?? 100 });
    return {
      items: rows.map((r) => ({
        eventId: r.event_id,
        street: r.street,
        incidentId: r.incident_id,
        code: r.code,
        title: r.title,
        keyArea: r.key_area as KeyArea,
        keyAreaLabel: labelOr(KEY_AREA_LABELS, r.key_area),
        category: r.category,
        gridPath: r.grid_path,
        reason: r.reason,
        description: r.description,
        address: r.address,
        location: r.location,
        escalatedAt: new Date(r.escalated_at).toISOString(),
        incidentState: r.incident_state,
        history: r.history ?? [],
      })),
    };
  }

  async streets(actor: Actor, q: FederatedStreetsQuery): Promise<FederatedStreetsReply> {
    this.assertEnabled();
    const month = q.month ?? currentMonth();
    const members = this.visibleMembers(actor);
    const [rows, last, links] = await Promise.all([this.repo.figures(actor.scope, month), this.repo.lastEvents(), this.links()]);
    const lastAt = new Map(last.map((l) => [l.street, l.at]));
    const views: FederatedStreetView[] = members.map((m) => {
      const link = links.get(m.domain);
      return {
        street: m.label,
        gridPath: m.gridPath,
        domain: m.domain,
        month,
        figures: figuresOf(rows.filter((r) => r.street === m.label)),
        rank: null,
        link: {
          sourced: !!link,
          lag: link ? link.lag : null,
          lastContactSecondsAgo: link && link.activeMs !== null ? Math.round(link.activeMs / 1000) : null,
          lastEventAt: lastAt.has(m.label) ? new Date(lastAt.get(m.label)!).toISOString() : null,
        },
      };
    });
    rank(views);
    return { mode: this.ingest.mode, month, streets: views };
  }

  /** The state of each source of the upward stream; empty when NATS cannot say (the read model still answers). */
  private async links(): Promise<Map<string, SourceState>> {
    try {
      const states = await sourceStates(this.nats.get(), upwardStreams(this.ingest.mode).own);
      return new Map(states.filter((s) => s.domain).map((s) => [s.domain!, s]));
    } catch {
      return new Map();
    }
  }

  /**
   * 下派: records the task and publishes it to DISTRICT_TASKS (`fed.task.<street>.<id>`, Nats-Msg-Id =
   * the id) in one step: the publish happens inside the transaction, so a task the stream did not
   * take is not recorded (503), and the id derived from the reference makes a retry the same task.
   */
  async pushTask(actor: Actor, req: PushFederationTaskRequest): Promise<FederationTaskView> {
    this.assertEnabled();
    if (this.ingest.mode !== FederationMode.District) throw AppError.notFound('Task hand-down (a district hands tasks down to its streets)');
    const member = this.visibleMembers(actor).find((m) => m.label === req.street);
    if (!member) throw AppError.notFound('Street', req.street);
    const gridPath = req.gridPath ?? member.gridPath;
    if (!isWithinScope(gridPath, member.gridPath)) {
      throw AppError.validation([{ field: 'gridPath', messages: [`gridPath must lie in street ${member.label} (${member.gridPath})`] }]);
    }
    if (!req.location && !req.address) throw AppError.validation([{ field: 'location', messages: ['a location or an address is required'] }]);
    const id = uuidv5(`${member.label}:${req.reference}`, TASK_NAMESPACE);
    const now = new Date().toISOString();
    const channel: FederationTaskChannel = req.channel ?? 'hotline_12345';
    const message: FederationTaskMessage = {
      taskId: id,
      street: member.label,
      reference: req.reference,
      channel,
      title: req.title,
      description: req.description ?? null,
      keyArea: req.keyArea,
      category: req.category,
      location: req.location ? { lng: req.location.lng, lat: req.location.lat } : null,
      address: req.address ?? null,
      gridPath,
      reporter: req.reporter ? { name: req.reporter.name, ...(req.reporter.phone ? { phone: req.reporter.phone } : {}) } : null,
      receivedAt: req.receivedAt ?? now,
      issuedAt: now,
      issuedBy: { id: actor.id, username: actor.username },
      fromDomain: this.env.FEDERATION_DOMAIN,
      dueAt: req.dueAt ? new Date(req.dueAt).toISOString() : null,
      kind: 'task',
    };
    const bodyHash = createHash('sha256').update(JSON.stringify({ ...req, channel, gridPath, receivedAt: undefined })).digest('hex');
    await this.repo.transaction(async (m) => {
      const r = await this.repo.insertTask(m, {
        id,
        street: member.label,
        reference: req.reference,
        channel,
        title: req.title,
        keyArea: req.keyArea,
        category: req.category,
        gridPath,
        bodyHash,
        // the reporter's phone travels to the street (it calls back) but is not kept here
        message: { ...message, reporter: message.reporter ? { name: message.reporter.name } : null },
        issuedBy: actor.id,
      });
      if (!r.inserted && r.bodyHash !== bodyHash) {
        throw new AppError(CommonErrorCode.IdempotencyKeyReused, `Reference ${req.reference} was already used for another task`, { field: 'reference' });
      }
      try {
        await this.nats.get().jetstream().publish(federationTaskSubject(member.label, id), codec.encode(message), { msgID: id, timeout: 5000 });
      } catch (e) {
        throw new AppError(CommonErrorCode.ServiceUnavailable, `The district's task stream did not take the task: ${(e as Error).message}`);
      }
    });
    return (await this.tasks(actor, { id }))[0];
  }

  /**
   * 区级处理上报件: the district accepts, answers or returns a street's escalation. The decision goes
   * down the task path (`fed.task.<street>.<id>`, kind `escalation_decision`); the street's office
   * records it on the incident (docs/federation.md). The id is derived from the incident, the
   * decision and the Idempotency-Key (or the text), so a retry is stored once (Nats-Msg-Id).
   */
  async decideEscalation(actor: Actor, req: DecideFederationEscalation.Request): Promise<DecideFederationEscalation.Reply> {
    const { incidentId, decision, idempotencyKey } = req;
    const text = req.text ?? null;
    this.assertEnabled();
    if (this.ingest.mode !== FederationMode.District) throw AppError.notFound('Escalation decisions (a district decides on its streets\' escalations)');
    const e = await this.repo.escalation(actor.scope, incidentId);
    const member = e && this.visibleMembers(actor).find((m) => m.label === e.street);
    if (!e || !member) throw AppError.notFound('Escalation', incidentId);
    if (e.incident_state !== 'escalated') {
      throw new AppError(CommonErrorCode.IllegalTransition, `Escalation ${e.code} is no longer held by the district (state "${e.incident_state}")`, { currentState: e.incident_state, action: decision });
    }
    const id = uuidv5(`${incidentId}:${decision}:${idempotencyKey ?? text ?? ''}`, TASK_NAMESPACE);
    const now = new Date().toISOString();
    const message: FederationTaskMessage = {
      taskId: id,
      street: member.label,
      reference: e.code,
      channel: 'district_platform',
      title: e.title,
      description: null,
      keyArea: e.key_area as KeyArea,
      category: e.category,
      location: null,
      address: null,
      gridPath: e.grid_path,
      reporter: null,
      receivedAt: now,
      issuedAt: now,
      issuedBy: { id: actor.id, username: actor.username },
      fromDomain: this.env.FEDERATION_DOMAIN,
      kind: 'escalation_decision',
      escalation: { incidentId, code: e.code, decision, text },
    };
    try {
      await this.nats.get().jetstream().publish(federationTaskSubject(member.label, id), codec.encode(message), { msgID: id, timeout: 5000 });
    } catch (err) {
      throw new AppError(CommonErrorCode.ServiceUnavailable, `The district's task stream did not take the decision: ${(err as Error).message}`);
    }
    return { id, incidentId, street: member.label, decision, decisionLabel: FEDERATION_ESCALATION_DECISION_LABELS[decision], sentAt: now };
  }

  async tasks(actor: Actor, f: { id?: string; street?: string; limit?: number }): Promise<FederationTaskView[]> {
    this.assertEnabled();
    const rows = await this.repo.tasks(actor.scope, { ...f, limit: f.limit ?? 100 });
    return rows.map(taskView);
  }
}

function taskView(r: TaskRow): FederationTaskView {
  const state: FederationTaskState = !r.incident_id ? 'sent' : r.incident_state === 'closed' ? 'closed' : 'taken_in';
  return {
    id: r.id,
    street: r.street,
    reference: r.reference,
    channel: r.channel as FederationTaskChannel,
    channelLabel: labelOr(FEDERATION_TASK_CHANNEL_LABELS, r.channel),
    title: r.title,
    keyArea: r.key_area as KeyArea,
    category: r.category,
    gridPath: r.grid_path,
    state,
    stateLabel: FEDERATION_TASK_STATE_LABELS[state],
    incident: r.incident_id ? { id: r.incident_id, code: r.incident_code!, state: r.incident_state! } : null,
    issuedAt: new Date(r.issued_at).toISOString(),
    dueAt: r.due_at ?? null,
  };
}

function figuresOf(rows: FigureRow[]): FederatedStreetView['figures'] {
  const sum = (k: 'found' | 'solved' | 'closed' | 'escalated') => rows.reduce((a, r) => a + r[k], 0);
  const found = sum('found');
  const solved = sum('solved');
  const escalated = sum('escalated');
  return {
    found,
    solved,
    closed: sum('closed'),
    escalated,
    closureRate: found ? Math.round((solved / found) * 10000) / 10000 : null,
    escalationRate: found ? Math.round((escalated / found) * 10000) / 10000 : null,
    byKeyArea: KEY_AREAS.map((k) => {
      const r = rows.find((x) => x.key_area === k);
      return { keyArea: k, label: KEY_AREA_LABELS[k], found: r?.found ?? 0, solved: r?.solved ?? 0 };
    }),
  };
}

/**
 * 月度排名: by closure rate (higher first), then escalation rate (lower first: "大事不出街道"), then
 * problems found (more first: finding problems is the work). Ties share a rank (1, 1, 3); a
 * street without problems in the month is not ranked.
 */
export function rank(views: FederatedStreetView[]): void {
  const key = (v: FederatedStreetView) => [-(v.figures.closureRate ?? 0), v.figures.escalationRate ?? 0, -v.figures.found];
  const ranked = views.filter((v) => v.figures.found > 0).sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return a.street.localeCompare(b.street);
  });
  ranked.forEach((v, i) => {
    const prev = ranked[i - 1];
    v.rank = prev && key(prev).every((x, j) => x === key(v)[j]) ? prev.rank : i + 1;
  });
  views.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.street.localeCompare(b.street));
}

/** This month in the street's calendar (the figures' months are local). */
function currentMonth(): string {
  return streetCalendar().thisMonth();
}
