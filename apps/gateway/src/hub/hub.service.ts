import { Injectable, OnModuleInit } from '@nestjs/common';
import { isIsoDay, streetCalendar } from '@grid122/calendar';
import {
  Actor,
  AppraisalHub,
  CommonErrorCode,
  EnforcementHub,
  GetGrid,
  HUB_FIGURE_LABELS,
  HUB_PANEL_OF_SOURCE,
  HUB_PANELS,
  HubDocument,
  HubPanel,
  HubPanelPart,
  HubPartReply,
  HubPeriod,
  HubStreetHeadline,
  OfficeHub,
  OrganisationHub,
  PetitionsHub,
  rankStreets,
  RpcContract,
  SocialHub,
  STREET_PATH_DEPTH,
} from '@grid122/contracts';
import { AppError, RpcClient, toErrorBody } from '@grid122/messaging';
import { isWithinScope, LTREE_PATH } from '@grid122/access';
import { EventFeed } from '../events/event-feed.service';

export type { HubDocument, HubPeriod } from '@grid122/contracts';

/** Each panel's figures query (`*.hub.figures`), answered by the service that owns the panel. */
const HUB_CONTRACTS = { office: OfficeHub, organisation: OrganisationHub, petitions: PetitionsHub, social: SocialHub, enforcement: EnforcementHub, appraisal: AppraisalHub } satisfies Record<HubPanel, RpcContract>;

export const HUB_LIMITS = {
  /** Each service's own timeout: a service that is slow or down blanks only its panel. */
  panelTimeoutMs: 1500,
  /** Figures are fresh this long (a wall screen polling every few seconds costs almost nothing). */
  freshMs: 5000,
  /** A panel whose service fails shows the last figures as `stale` up to this age, then `unreachable`. */
  maxStaleMs: 10 * 60_000,
  maxEntries: 2000,
};

interface Entry {
  reply: HubPartReply<unknown>;
  at: number;
  /** Set when an event in the entry's scope arrives: refetch on the next read. */
  dirty: boolean;
}

/** [from, to) of a period in the street's calendar (its configured zone). */
export const periodRange = (period: HubPeriod, now = new Date()): { from: string; to: string } => streetCalendar().period(period, now);

/**
 * The instant that decides which period the hub shows: now, or the start of a past street day
 * (`date`, YYYY-MM-DD). A day not in the calendar or not yet begun is a 400 naming `date`.
 */
export function anchorOf(date: string | undefined, now = new Date()): Date {
  if (date === undefined) return now;
  const cal = streetCalendar();
  if (!isIsoDay(date)) throw AppError.validation([{ field: 'date', messages: ['date must be YYYY-MM-DD (a day in the street\'s calendar)'] }]);
  if (cal.isFutureDay(date, now)) throw AppError.validation([{ field: 'date', messages: [`date ${date} has not begun in the street's calendar`] }]);
  return cal.dayStart(date);
}

/**
 * The 一办两组两队 aggregate: asks every service in parallel, caches each panel per scope for a few
 * seconds (one in-flight request per key however many wall screens poll), marks a cached panel dirty
 * when an event of its service lands in its scope, and serves the last figures as `stale` when the
 * service fails, so a service that is down blanks only its own panel.
 */
@Injectable()
export class HubService implements OnModuleInit {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<HubPartReply<unknown>>>();

  constructor(
    private readonly rpc: RpcClient,
    private readonly feed: EventFeed,
  ) {}

  onModuleInit(): void {
    this.feed.onEvent(({ event }) => {
      const panel = HUB_PANEL_OF_SOURCE[event.source];
      if (!panel || !event.gridPath) return;
      this.invalidate(panel, event.gridPath);
    });
  }

  /** Marks dirty every cached panel of `panel` whose scope holds `gridPath`. */
  invalidate(panel: HubPanel, gridPath: string): void {
    for (const [key, entry] of this.cache) {
      const [p, scope] = key.split('|');
      if (p === panel && isWithinScope(gridPath, scope)) entry.dirty = true;
    }
  }

  async document(actor: Actor, q: { root?: string; period?: HubPeriod; date?: string }): Promise<HubDocument> {
    const period = q.period ?? 'today';
    const root = await this.resolveRoot(actor, q.root);
    const { from, to } = periodRange(period, anchorOf(q.date));
    const depth = root.path ? root.path.split('.').length : 0;
    const rollUp = depth < STREET_PATH_DEPTH;
    const parts = await Promise.all(HUB_PANELS.map((p) => this.panel(p, actor, root.path, from, to, period, rollUp)));
    const panels = Object.fromEntries(HUB_PANELS.map((p, i) => [p, parts[i].part])) as unknown as HubDocument['panels'];
    return {
      scope: root.path,
      root,
      period,
      from,
      to,
      generatedAt: new Date().toISOString(),
      rollUp,
      panels,
      streets: rollUp ? rankStreets(HUB_PANELS.map((p, i) => [p, parts[i].streets] as const)) : null,
      labels: HUB_FIGURE_LABELS,
    };
  }

  private async resolveRoot(actor: Actor, root?: string): Promise<{ path: string; gridId: string | null }> {
    if (!root) return { path: actor.scope, gridId: null };
    let path = root;
    let gridId: string | null = null;
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(root)) {
      const grid = await this.rpc.call(GetGrid, { id: root }, actor);
      path = grid.path;
      gridId = grid.id;
    } else if (!LTREE_PATH.test(root)) {
      throw AppError.validation([{ field: 'root', messages: ['root must be a grid id (uuid) or a grid path'] }]);
    }
    if (!isWithinScope(path, actor.scope)) throw new AppError(CommonErrorCode.Forbidden, `Grid ${root} is outside your scope`, { field: 'root' });
    return { path, gridId };
  }

  private async panel(
    panel: HubPanel,
    actor: Actor,
    scope: string,
    from: string,
    to: string,
    period: HubPeriod,
    byStreet: boolean,
  ): Promise<{ part: HubPanelPart<never>; streets?: HubStreetHeadline[] }> {
    const key = `${panel}|${scope}|${period}|${from}|${byStreet ? 1 : 0}`;
    const cached = this.cache.get(key);
    const now = Date.now();
    if (cached && !cached.dirty && now - cached.at < HUB_LIMITS.freshMs) return { part: this.part('ok', cached, now), streets: cached.reply.streets };
    try {
      const reply = await this.fetch(key, panel, actor, { scope, from, to, byStreet });
      const entry = { reply, at: Date.now(), dirty: false };
      this.store(key, entry);
      return { part: this.part('ok', entry, Date.now()), streets: reply.streets };
    } catch (e) {
      const body = toErrorBody(e);
      const error = { code: body.code, message: body.message };
      // A refusal is not an outage: say so in the panel, never serve old figures across it.
      if (cached && now - cached.at < HUB_LIMITS.maxStaleMs && isOutage(body.code)) {
        return { part: { ...this.part('stale', cached, now), error }, streets: cached.reply.streets };
      }
      return { part: { status: 'unreachable', ageSeconds: null, computedAt: null, error, unavailable: [], figures: null } };
    }
  }

  private fetch(key: string, panel: HubPanel, actor: Actor, req: { scope: string; from: string; to: string; byStreet: boolean }) {
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.rpc.call(HUB_CONTRACTS[panel], req, actor, { timeoutMs: HUB_LIMITS.panelTimeoutMs }).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private store(key: string, entry: Entry): void {
    if (this.cache.size >= HUB_LIMITS.maxEntries && !this.cache.has(key)) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.delete(key);
    this.cache.set(key, entry);
  }

  private part(status: 'ok' | 'stale', e: Entry, now: number): HubPanelPart<never> {
    return {
      status,
      ageSeconds: Math.round((now - e.at) / 100) / 10,
      computedAt: e.reply.computedAt,
      error: null,
      unavailable: e.reply.unavailable ?? [],
      figures: e.reply.figures as never,
    };
  }
}

function isOutage(code: string): boolean {
  return code === CommonErrorCode.ServiceUnavailable || code === CommonErrorCode.ServiceTimeout || code === CommonErrorCode.Internal;
}
