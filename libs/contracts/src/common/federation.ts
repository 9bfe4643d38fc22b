import { IsDateString, IsEnum, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { KeyArea } from './key-areas';
import { ReporterContactDto } from './reporter';
import { GRID_PATH_PATTERN, GeoPoint, MONTH_PATTERN } from './primitives';
import { IsCategoryCode, Text, QueryInt, Nested, GeoPointField } from './fields';
import { labelled, ValueOf } from './labelled';

/**
 * Federation (街道 → 区 → 市) over NATS leaf nodes. Each street runs its own NATS with its own
 * JetStream domain (= the street's label, e.g. `btq`); the district hub runs JetStream domain
 * `district` (or its own label) and every street's server is a leaf node of it. Nothing crosses a
 * level except through JetStream streams that SOURCE from the other level's domain
 * (`$JS.<domain>.API`), so a broken link loses nothing and catches up when it returns.
 */

/** Which level a gateway serves (`FEDERATION_MODE`). */
export const { values: FederationMode, labels: FEDERATION_MODE_LABELS } = labelled({
  Street: ['street', '街道', 'Street'],
  District: ['district', '区级平台', 'District platform'],
  City: ['city', '市级平台', 'City platform'],
});
export type FederationMode = ValueOf<typeof FederationMode>;

/** The street's own event stream the level above sources (see EVENT_STREAM in events.ts). */
export const FEDERATION_STREET_EVENT_STREAM = 'GRID122_EVENTS';
/** Upward: the district's stream sourcing every street's incident events (the city sources this one from each district). */
export const DISTRICT_EVENT_STREAM = 'DISTRICT_EVENTS';
/** What crosses up: every incident event (escalations, and the facts the per-street figures are built from). */
export const FEDERATION_UP_FILTER = 'evt.office.incident.>';
/** Downward: the district's stream of tasks handed down, `fed.task.<street>.<taskId>`. */
export const DISTRICT_TASK_STREAM = 'DISTRICT_TASKS';
export const FEDERATION_TASK_SUBJECT_PREFIX = 'fed.task';
/** A street's local copy of its own tasks (sourced from DISTRICT_TASKS with its filter); the office consumes it. */
export const STREET_TASK_STREAM = 'STREET_TASKS';

export const federationTaskSubject = (street: string, taskId: string): string => `${FEDERATION_TASK_SUBJECT_PREFIX}.${street}.${taskId}`;
export const federationTaskFilter = (street: string): string => `${FEDERATION_TASK_SUBJECT_PREFIX}.${street}.>`;
/** The JetStream API of another domain, reached through the leaf connection. */
export const jetStreamApiPrefix = (domain: string): string => `$JS.${domain}.API`;

/** A street label: a JetStream domain and a NATS subject token (lowercase letters, digits, `_`, `-`). */
export const STREET_LABEL_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Channels a district hands a task down from (多网合一 at the district). */
export const FEDERATION_TASK_CHANNELS = ['hotline_12345', 'mayor_hotline', 'city_management_hotline', 'district_platform'] as const;
export type FederationTaskChannel = (typeof FEDERATION_TASK_CHANNELS)[number];
export const FEDERATION_TASK_CHANNEL_LABELS: Record<FederationTaskChannel, { zh: string; en: string }> = {
  hotline_12345: { zh: '12345热线', en: '12345 hotline' },
  mayor_hotline: { zh: '市长电话', en: "Mayor's hotline" },
  city_management_hotline: { zh: '城管热线', en: 'City-management hotline' },
  district_platform: { zh: '区级平台', en: 'District platform' },
};

/** `POST /api/v1/federation/tasks`: a district hands a task down to one of its streets (下派). */
export class PushFederationTaskRequest {
  /** The street's label (`GET /api/v1/federation/streets`). */
  @Matches(STREET_LABEL_PATTERN, { message: 'street must be a street label like btq' }) street: string;
  /** The district's own reference (hotline ticket no.): the idempotency key of the hand-down. */
  @IsString() @Matches(/^[\x21-\x7e]{1,100}$/, { message: 'reference must be 1-100 visible ASCII characters' }) reference: string;
  @IsOptional() @IsIn(FEDERATION_TASK_CHANNELS) channel?: FederationTaskChannel;
  @Text(200, 2) title: string;
  @IsOptional() @Text(4000) description?: string;
  @IsEnum(KeyArea) keyArea: KeyArea;
  @IsString() @IsCategoryCode() category: string;
  @IsOptional() @GeoPointField() location?: GeoPoint;
  @IsOptional() @Text(300) address?: string;
  /** A grid under the street, when the district knows it; the street's own path otherwise. */
  @IsOptional() @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be an ltree path like nj.gulou.btq.c01.g2_01.g3_01' }) @MaxLength(300) gridPath?: string;
  @IsOptional() @Nested(() => ReporterContactDto) reporter?: ReporterContactDto;
  /** When the hotline received it (default now). */
  @IsOptional() @IsDateString() receivedAt?: string;
  /** 办结时限: by when the district wants it done; the street sees it on the incident (dueAt) and its ledger counts it. */
  @IsOptional() @IsDateString() dueAt?: string;
}

/** The message on `fed.task.<street>.<taskId>` (JetStream, Nats-Msg-Id = taskId). */
export interface FederationTaskMessage {
  taskId: string;
  street: string;
  reference: string;
  channel: FederationTaskChannel;
  title: string;
  description: string | null;
  keyArea: KeyArea;
  category: string;
  location: { lng: number; lat: number } | null;
  address: string | null;
  gridPath: string;
  reporter: { name: string; phone?: string } | null;
  receivedAt: string;
  issuedAt: string;
  /** The district account that handed it down. */
  issuedBy: { id: string; username: string };
  /** The district's JetStream domain (the level it came from). */
  fromDomain: string;
  /** 办结时限 the district set (ISO), or absent. */
  dueAt?: string | null;
  /**
   * What the message carries: a task (absent: older districts) or the district's decision on an
   * escalation (`escalation`), sent down the same subject path `fed.task.<street>.<id>`.
   */
  kind?: 'task' | 'escalation_decision';
  escalation?: FederationEscalationDecisionMessage;
}

/** 区级处理上报件: accept (受理), answer (答复, with a reply) or return (退回, with a reason). */
export const FEDERATION_ESCALATION_DECISIONS = ['accept', 'answer', 'return'] as const;
export type FederationEscalationDecision = (typeof FEDERATION_ESCALATION_DECISIONS)[number];
export const FEDERATION_ESCALATION_DECISION_LABELS: Record<FederationEscalationDecision, { zh: string; en: string }> = {
  accept: { zh: '区级已受理', en: 'Accepted by the district' },
  answer: { zh: '区级已答复', en: 'Answered by the district' },
  return: { zh: '区级退回', en: 'Returned by the district' },
};

/** The district's decision on a street's escalation, as it travels down. */
export interface FederationEscalationDecisionMessage {
  incidentId: string;
  code: string;
  decision: FederationEscalationDecision;
  /** answer: the reply; return: the reason; accept: an optional note. */
  text: string | null;
}

export const FEDERATION_TASK_STATES = ['sent', 'taken_in', 'closed'] as const;
export type FederationTaskState = (typeof FEDERATION_TASK_STATES)[number];
export const FEDERATION_TASK_STATE_LABELS: Record<FederationTaskState, { zh: string; en: string }> = {
  sent: { zh: '已下派', en: 'Sent' },
  taken_in: { zh: '街道已受理', en: 'Taken in by the street' },
  closed: { zh: '已办结', en: 'Closed' },
};

export interface FederationTaskView {
  id: string;
  street: string;
  reference: string;
  channel: FederationTaskChannel;
  channelLabel: { zh: string; en: string };
  title: string;
  keyArea: KeyArea;
  category: string;
  gridPath: string;
  state: FederationTaskState;
  stateLabel: { zh: string; en: string };
  /** The street's incident, once its events came back up. */
  incident: { id: string; code: string; state: string } | null;
  issuedAt: string;
  dueAt: string | null;
}

/** `GET /api/v1/federation/escalations` query. */
export class ListFederatedEscalationsQuery {
  @IsOptional() @Matches(STREET_LABEL_PATTERN, { message: 'street must be a street label like btq' }) street?: string;
  @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
  @IsOptional() @QueryInt(1, 500) limit?: number;
}

/** An escalation (上报区级) as the district sees it. */
export interface FederatedEscalationView {
  eventId: string;
  street: string;
  incidentId: string;
  code: string;
  title: string;
  keyArea: KeyArea;
  keyAreaLabel: { zh: string; en: string };
  category: string;
  gridPath: string;
  reason: string;
  description: string;
  address: string | null;
  location: { lng: number; lat: number } | null;
  escalatedAt: string;
  /** The incident's latest state seen from the street (closed once the district's work is done). */
  incidentState: string;
  history: { action: string; fromState: string | null; toState: string; at: string; byRole: string | null; note: string | null }[];
}

/** `GET /api/v1/federation/streets` query: the month of the figures and ranking (default this month). */
export class FederatedStreetsQuery {
  @IsOptional() @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' }) month?: string;
}

export interface StreetFigures {
  /** problems reported in the month (cohort), duplicates not counted */
  found: number;
  /** of those, closed as fixed */
  solved: number;
  closed: number;
  escalated: number;
  /** solved / found, 0..1 (null without problems) */
  closureRate: number | null;
  escalationRate: number | null;
  byKeyArea: { keyArea: KeyArea; label: { zh: string; en: string }; found: number; solved: number }[];
}

export interface FederatedStreetView {
  street: string;
  gridPath: string;
  domain: string;
  month: string;
  figures: StreetFigures;
  /** monthly ranking (月度排名) by closure rate, then fewer escalations, then more problems found */
  rank: number | null;
  /** the link (source) state: lag in messages and when the district last heard from the street */
  link: { sourced: boolean; lag: number | null; lastContactSecondsAgo: number | null; lastEventAt: string | null };
}

export interface FederatedStreetsReply {
  mode: FederationMode;
  month: string;
  streets: FederatedStreetView[];
}
