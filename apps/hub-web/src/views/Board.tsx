import type * as C from '@grid122/contracts';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { qs, useApi, type Loadable, type User } from '../api';
import { lastMonth, monthStart, streetDay, thisMonth, today } from '../dates';
import { useI18n, type Label } from '../i18n';
import { useLiveFeed } from '../live';
import { Link, navigate } from '../router';
import { eventLabel, OPEN_STATES, UNIT_LABELS, type GridCollection, type Hub, type HubPart, type Incident, type KeyAreaStats, type Page } from '../types';
import { duration, TRAFFIC_LIGHT_LABELS } from '../labels';
import { fmtTime, LightDot, num, Panel, pct } from '../ui';
import { COLD_COLOUR, fillFor, HOT_COLOUR, LOAD_STEPS, OVERDUE_EDGE, type GridLoad, type HotspotMark } from '../components/GridMap';

const EChart = lazy(() => import('../components/EChart'));
const GridMap = lazy(() => import('../components/GridMap'));

const UNITS = ['office', 'organisation', 'petitions', 'social', 'enforcement'] as const;
type UnitCode = (typeof UNITS)[number];

/** The figures each unit shows on the wall, in this order (names from the hub document's labels). */
const UNIT_FIGURES: Record<UnitCode, string[]> = {
  office: ['found', 'registered', 'dispatched', 'closed'],
  organisation: ['gridsWithoutHead', 'partyOrgMismatches', 'openTasks'],
  petitions: ['received', 'overdue', 'disputesOpen', 'followUpsDue'],
  social: ['openRequests', 'visitsDue', 'volunteersActive', 'residentPointsEarned', 'stockAlerts'],
  enforcement: ['openCases', 'noticesPastDue', 'operationsRunning', 'departmentsUnacknowledged'],
};

/** The wall's own words (Chinese first). */
const W = {
  figures: { zh: '核心指标', en: 'Headline figures' },
  todayFound: { zh: '今日发现', en: 'Found today' },
  todaySolved: { zh: '今日解决', en: 'Solved today' },
  monthFound: { zh: '本月发现', en: 'Found this month' },
  monthSolved: { zh: '本月解决', en: 'Solved this month' },
  monthRate: { zh: '本月办结率', en: 'Closure rate (month)' },
  onTime: { zh: '按期结案率', en: 'On-time closure' },
  trend: { zh: '近30天发现趋势（按重点领域）', en: 'Found, last 30 days by key area' },
  ranking: { zh: '考核排名（小区）', en: 'Appraisal ranking (compounds)' },
  themes: { zh: '每月一题', en: 'Theme of the month' },
  adopted: { zh: '已立项', en: 'Adopted' },
  candidate: { zh: '候选', en: 'Candidate' },
  adopt: { zh: '立项', en: 'Adopt' },
  hotspots: { zh: '热点图层', en: 'Hotspot layer' },
  hot: { zh: '热点', en: 'Hot spot' },
  cold: { zh: '冷点', en: 'Cold spot' },
  overdueEdge: { zh: '红框：有超期', en: 'Red edge: overdue' },
  openLegend: { zh: '在办问题数', en: 'Open problems' },
  overdueBy: { zh: '超期', en: 'Overdue' },
  wallMap: { zh: '网格地图（在办与超期问题）', en: 'Grid map (open and overdue problems)' },
  streetMap: { zh: '街道地图（在办与超期问题）', en: 'Street map (open and overdue problems)' },
  streets: { zh: '街道排名', en: 'Street ranking' },
  escalations: { zh: '待区级处置的上报', en: 'Escalations waiting' },
  rank: { zh: '名次', en: 'Rank' },
  street: { zh: '街道', en: 'Street' },
  openNow: { zh: '在办', en: 'Open' },
  score: { zh: '得分', en: 'Score' },
  points: { zh: '分', en: 'pts' },
  noHotspots: { zh: '近12周无显著热点', en: 'No significant hot spot in 12 weeks' },
  queue: { zh: '待办', en: 'Queue' },
  supervision: { zh: '督查：民情日志 · 三会一评', en: 'Supervision: diaries and meetings' },
  today: { zh: '今日', en: 'Today · ' },
  month: { zh: '本月', en: 'Month · ' },
  monthDiary: { zh: '本月日志', en: 'Diaries · ' },
  meetings: { zh: '三会一评', en: 'Meetings · ' },
  meeting: { zh: '会议', en: 'Meetings · ' },
  decision: { zh: '决议', en: 'Decisions · ' },
  markerOpen: { zh: '打开案件', en: 'Open the case' },
} satisfies Record<string, Label>;

/**
 * Refreshes the loads at most once a second while events keep coming (leading and trailing edge):
 * a debounce waited for a quiet moment, which never comes under a steady stream.
 */
function useThrottledRefresh(loads: Pick<Loadable<unknown>, 'reload'>[], everyMs = 1000): () => void {
  const list = useRef(loads);
  list.current = loads;
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current) return; // a refresh is already due: it will read this event's effect too
    const wait = Math.max(0, last.current + everyMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = undefined;
      last.current = Date.now();
      for (const l of list.current) l.reload();
    }, wait);
  }, [everyMs]);
}

/** How soon a hub answer with a part missing is asked for again (a service slow or down a moment). */
export const HUB_RETRY_MS = 10_000;

/**
 * A hub answer with a panel not "ok" or figures not at hand (e.g. the diaries, whose roster the office
 * gives a second) is asked for again after HUB_RETRY_MS, not only at the next event: a quiet night's
 * wall would otherwise say 暂不可用 until something happens in the street.
 */
function useRetryIncomplete(hub: Loadable<Hub>): void {
  const panels = hub.data ? Object.values(hub.data.panels) : [];
  const incomplete = !!hub.error || panels.some((p) => p.status !== 'ok' || p.unavailable.length > 0);
  const { reload } = hub;
  useEffect(() => {
    if (!incomplete) return;
    const h = setTimeout(reload, HUB_RETRY_MS);
    return () => clearTimeout(h);
  }, [incomplete, hub.data, hub.error, reload]);
}

/** The root font size in px (16 on a 1920×1080 wall, 32 in the 3840×2160 mode): charts scale with it. */
function useRem(): number {
  const read = () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const [rem, setRem] = useState(read);
  useEffect(() => {
    const on = () => setRem(read());
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return rem;
}

const depth = (path: string) => (path ? path.split('.').length : 0);
const addDay = (d: string, n: number) => streetDay(new Date(Date.parse(`${d}T12:00:00+08:00`) + n * 86_400_000));

type Trend = C.KeyAreaTrend.Reply;
type OpenByGrid = C.OpenByGrid.Reply;
type Hotspots = C.AnalyseHotspots.Reply;
type Ranking = C.GetRanking.Reply;
type ThemeCandidate = C.ThemeCandidates.Candidate;
type ThemeItem = C.ThemeView;
interface StreetRow {
  path: string;
  name: string;
  rank: number | null;
  found: number | null;
  closureRate: number | null;
  overdue: number | null;
}
type FederatedStreets = C.FederatedStreetsReply;
interface Escalation {
  id: string;
  code: string;
  title: string;
  street: string;
  at: string;
}

/** 指挥大屏: the street's wall, or the district's (its streets compared) for a scope above a street. */
export default function Board({ user }: { user: User }) {
  return depth(user.scope) < 3 ? <Wall user={user} district /> : <Wall user={user} district={false} />;
}

function Wall({ user, district }: { user: User; district: boolean }) {
  const { t, L, lang } = useI18n();
  const rem = useRem();
  const day = today();
  const month = thisMonth();
  const level = district ? 'street' : 'compound';

  const todayStats = useApi<KeyAreaStats>(`/api/v1/stats/key-areas${qs({ from: day, to: day })}`);
  const monthStats = useApi<KeyAreaStats>(`/api/v1/stats/key-areas${qs({ from: monthStart(), to: day })}`);
  const hub = useApi<Hub>(`/api/v1/hub${qs({ period: 'today' })}`);
  useRetryIncomplete(hub);
  const trend = useApi<Trend>(`/api/v1/stats/key-areas/daily${qs({ from: addDay(day, -29), to: day })}`);
  const loads = useApi<OpenByGrid>(`/api/v1/stats/open-by-grid${qs({ level })}`);
  const overdue = useApi<Page<Incident>>(`/api/v1/incidents${qs({ overdue: true, limit: 40 })}`);
  const newest = useApi<Page<Incident>>(`/api/v1/incidents${qs({ limit: 40 })}`);
  const grids = useApi<GridCollection>(`/api/v1/grids.geojson${qs({ level })}`);
  const communities = useApi<GridCollection>(district ? null : `/api/v1/grids.geojson${qs({ level: 'community' })}`);
  const hotspots = useApi<Hotspots>(`/api/v1/hotspots${qs({ level, period: 'week', periods: 12 })}`);
  const themes = useApi<{ items: ThemeItem[] }>(`/api/v1/themes${qs({ month })}`);
  const candidates = useApi<{ candidates: ThemeCandidate[] }>(`/api/v1/themes/candidates${qs({ limit: 3 })}`);

  const [showHot, setShowHot] = useState(true);
  // The headline figures follow every event within a third of a second; the hub (every unit at once)
  // and the map's colours within 2 s; lists and charts that move slowly every 5 s at most.
  const [unitTick, setUnitTick] = useState(0);
  const fast = useThrottledRefresh([todayStats, monthStats] as Loadable<unknown>[], 300);
  const mid = useThrottledRefresh([hub, loads] as Loadable<unknown>[], 2000);
  const slow = useThrottledRefresh([trend, overdue, newest, themes, { reload: () => setUnitTick((n) => n + 1) }], 5000);
  const onEvent = useCallback(() => {
    fast();
    mid();
    slow();
  }, [fast, mid, slow]);

  const loadMap = useMemo(() => new Map<string, GridLoad>((loads.data?.items ?? []).map((i) => [i.path, i])), [loads.data]);
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const f of [...(communities.data?.features ?? []), ...(grids.data?.features ?? [])]) m.set(f.properties.path, f.properties.name);
    return m;
  }, [grids.data, communities.data]);
  /** The name of the nearest named grid above a path (never the path itself). */
  const placeName = useCallback(
    (p?: string | null) => {
      if (!p) return '—';
      const parts = p.split('.');
      for (let n = parts.length; n > 0; n--) {
        const hit = names.get(parts.slice(0, n).join('.'));
        if (hit) return hit;
      }
      return '—';
    },
    [names],
  );
  const markers = useMemo(() => {
    const seen = new Set<string>();
    const list = [...(overdue.data?.items ?? []), ...(newest.data?.items ?? [])].filter((i) => OPEN_STATES.includes(i.state) && i.location && !seen.has(i.id) && seen.add(i.id));
    return list.map((i) => ({ id: i.id, lat: i.location!.lat, lng: i.location!.lng, label: `${i.title} · ${L(i.stateLabel)} · ${placeName(i.gridPath)}`, light: i.clock?.light ?? null }));
  }, [overdue.data, newest.data, L, placeName]);
  const hotMarks = useMemo<HotspotMark[]>(
    () => (showHot ? (hotspots.data?.places ?? []).filter((p) => p.kind !== 'none').map((p) => ({ path: p.path, kind: p.kind as 'hot' | 'cold', label: L(p.label), reason: p.reason })) : []),
    [hotspots.data, showHot, L],
  );
  const describe = useCallback((name: string, n: GridLoad) => `${name} · ${L(W.openNow)} ${n.open} · ${L(W.overdueBy)} ${n.overdue}`, [L]);

  const font = { fontSize: rem, color: '#e8eef9' };
  const trendOption = useMemo(() => {
    const d = trend.data;
    return {
      color: ['#5ab0ff', '#2fb171', '#e8b730', '#ff6b6f', '#b48cff', '#3fd0c9', '#ff9f43'],
      tooltip: { trigger: 'axis', textStyle: { fontSize: rem } },
      legend: { type: 'scroll', top: 0, textStyle: font, pageTextStyle: font, itemWidth: rem, itemHeight: rem * 0.75 },
      grid: { left: rem * 2.5, right: rem * 0.5, top: rem * 2.2, bottom: rem * 1.8 },
      xAxis: { type: 'category', data: (d?.days ?? []).map((x) => x.slice(5)), axisLabel: { ...font, interval: 6 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: font, splitLine: { lineStyle: { color: '#2a3a58' } } },
      series: (d?.series ?? []).map((s) => ({ name: L(s.label), type: 'line', stack: 'found', areaStyle: { opacity: 0.35 }, symbol: 'none', data: s.found })),
    };
  }, [trend.data, L, rem]);

  const lights = hub.data?.panels?.office?.figures?.lights;
  const officeFigures = hub.data?.panels?.office?.figures;

  return (
    <div className={`wall ${district ? 'wall-district' : 'wall-street'}`} data-testid="board">
      <h1 className="sr-only">{district ? `${t('board')} · ${L({ zh: '区级', en: 'District' })}` : t('board')}</h1>
      <div className="wall-col wall-left">
        <Panel title={L(W.figures)} load={[todayStats, monthStats]} testId="figures" className="w-figures">
          {() => (
            <div className="wall-figs">
              <Fig label={L(W.todayFound)} value={num(todayStats.data?.total.found)} testId="today-found" />
              <Fig label={L(W.todaySolved)} value={num(todayStats.data?.total.solved)} testId="today-solved" />
              <Fig label={L(W.monthFound)} value={num(monthStats.data?.total.found)} testId="month-found" />
              <Fig label={L(W.monthRate)} value={pct(monthStats.data?.total.closureRate)} tone="accent" testId="month-rate" />
              <Fig label={L(W.monthSolved)} value={num(monthStats.data?.total.solved)} testId="month-solved" />
              <Fig label={L(W.onTime)} value={pct(monthStats.data?.rates.onTimeClosure)} />
            </div>
          )}
        </Panel>
        <Panel title={t('lights')} load={hub} testId="lights" className="w-lights">
          {() =>
            lights && officeFigures ? (
              <div className="wall-lights" data-testid="light-counts">
                {hub.data?.panels.office.status === 'stale' && <p className="muted">{t('stale')}</p>}
                <Fig label={L(TRAFFIC_LIGHT_LABELS.green)} value={num(lights.green)} tone="green" />
                <Fig label={L(TRAFFIC_LIGHT_LABELS.yellow)} value={num(lights.yellow)} tone="yellow" />
                <Fig label={L(TRAFFIC_LIGHT_LABELS.red)} value={num(lights.red)} tone="red" testId="lights-red" />
                <Fig label={t('supervised')} value={num(officeFigures.supervised)} />
              </div>
            ) : (
              <p className="unavailable" data-testid="unavailable">
                {t('unavailable')}
              </p>
            )
          }
        </Panel>
        <SupervisionPanel hub={hub} />
        <Panel title={`${t('keyAreaTable')} · ${t('thisMonth')}`} load={monthStats} className="w-ledger" testId="key-areas">
          {(d: KeyAreaStats) => (
            <table className="wall-table">
              <caption className="sr-only">{t('keyAreaTable')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('keyArea')}</th>
                  <th scope="col">{t('found')}</th>
                  <th scope="col">{t('solved')}</th>
                  <th scope="col">{t('closureRate')}</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={r.keyArea}>
                    <th scope="row">{L(r.label)}</th>
                    <td>{num(r.found)}</td>
                    <td>{num(r.solved)}</td>
                    <td>{pct(r.closureRate)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('total')}</th>
                  <td data-testid="ka-total-found">{num(d.total.found)}</td>
                  <td>{num(d.total.solved)}</td>
                  <td>{pct(d.total.closureRate)}</td>
                </tr>
              </tfoot>
            </table>
          )}
        </Panel>
        <Panel title={L(W.trend)} load={trend} className="w-trend grow-panel" testId="trend">
          {() => (
            <Suspense fallback={null}>
              <EChart option={trendOption} label={L(W.trend)} height="100%" testId="trend-chart" />
            </Suspense>
          )}
        </Panel>
      </div>

      <div className="wall-col wall-centre">
        <Panel
          title={L(district ? W.streetMap : W.wallMap)}
          load={grids}
          className="w-map grow-panel"
          testId="map"
          actions={
            <button type="button" className="toggle" aria-pressed={showHot} onClick={() => setShowHot((v) => !v)} data-testid="hotspot-toggle">
              {L(W.hotspots)}
            </button>
          }
        >
          {() => (
            <Suspense fallback={null}>
              <GridMap
                grids={grids.data}
                loads={loadMap}
                names={district ? grids.data : communities.data}
                hotspots={hotMarks}
                markers={markers}
                onMarker={(id) => navigate(`/desk/${id}`)}
                describe={describe}
                label={L(district ? W.streetMap : W.wallMap)}
                height="100%"
                legend={<Legend hotspots={hotspots.data} showHot={showHot} />}
              />
            </Suspense>
          )}
        </Panel>
        {district ? (
          <StreetRanking hub={hub} />
        ) : (
          <section className="wall-units" aria-label={t('units122')} data-testid="units">
            {UNITS.map((u) => (
              <UnitColumn key={u} unit={u} part={hub.data?.panels?.[u] as HubPart | undefined} labels={hub.data?.labels} tick={unitTick} />
            ))}
          </section>
        )}
      </div>

      <div className="wall-col wall-right">
        <FeedPanel onEvent={onEvent} placeName={placeName} />
        {district ? <Escalations /> : null}
        <Panel title={t('overdue')} load={overdue} className="w-overdue" testId="overdue">
          {(d: Page<Incident>) =>
            d.items.length === 0 ? (
              <p className="muted">{t('empty')}</p>
            ) : (
              <ul className="wall-rows">
                {d.items.slice(0, 10).map((i) => (
                  <li key={i.id}>
                    <LightDot light={i.clock?.light} label={i.clock?.lightLabel} />
                    <Link to={`/desk/${i.id}`} className="grow">
                      {i.title}
                    </Link>
                    <span className="muted">{i.clock ? `${L(W.overdueBy)}${lang === 'zh' ? '' : ' '}${duration(i.clock.overdueMinutes, lang)}` : ''}</span>
                  </li>
                ))}
              </ul>
            )
          }
        </Panel>
        {!district && <RankingPanel rem={rem} />}
        <Panel title={L(W.themes)} load={candidates} className="w-themes" testId="themes">
          {() => (
            <ul className="wall-rows">
              {(themes.data?.items ?? []).slice(0, 2).map((th) => (
                <li key={th.id}>
                  <span className="tag tag-ok">{L(W.adopted)}</span>
                  <Link to={`/themes/${th.id}`} className="grow">
                    {th.title}
                  </Link>
                  <span className="muted">{th.effect.changePct === null ? '—' : `${th.effect.changePct > 0 ? '+' : ''}${th.effect.changePct.toFixed(0)}%`}</span>
                </li>
              ))}
              {(candidates.data?.candidates ?? []).slice(0, 3).map((c) => (
                <li key={c.category}>
                  <span className="tag">{L(W.candidate)}</span>
                  <Link to={`/themes?category=${c.category}`} className="grow">
                    {c.categoryName}
                  </Link>
                  <span className="muted">{c.reasonLabels.join('、')}</span>
                </li>
              ))}
              {!themes.data?.items.length && !candidates.data?.candidates.length && <li className="muted">{t('empty')}</li>}
            </ul>
          )}
        </Panel>
      </div>
    </div>
  );
}

/** The live feed: its own component, so an arriving line re-renders the feed alone, not the whole wall. */
function FeedPanel({ onEvent, placeName }: { onEvent: () => void; placeName: (p?: string | null) => string }) {
  const { t, L, lang } = useI18n();
  const feed = useLiveFeed(onEvent);
  return (
    <Panel
          title={t('liveFeed')}
          className="w-feed"
          testId="feed"
          actions={
            <span className={`mode mode-${feed.mode}`} data-testid="feed-mode">
              {t(feed.mode === 'live' ? 'live' : feed.mode === 'polling' ? 'polling' : 'connecting')}
            </span>
          }
        >
          {feed.items.length === 0 ? (
            <p className="muted">{t('empty')}</p>
          ) : (
            <ol className="wall-rows" aria-live="polite" aria-relevant="additions">
              {feed.items.slice(0, 12).map((f) => (
                <li key={f.key} data-testid="feed-item">
                  <span className="muted">{fmtTime(f.at, lang).slice(-5)}</span>
                  <span className={`tag ${f.type.endsWith('.detected') ? 'tag-alert' : ''}`}>{L(eventLabel(f.type))}</span>
                  {f.incidentId ? (
                    <Link to={`/desk/${f.incidentId}`} className="grow">
                      {f.title ?? f.code}
                    </Link>
                  ) : (
                    <span className="grow">{f.title ?? placeName(f.gridPath)}</span>
                  )}
                </li>
              ))}
            </ol>
          )}
        </Panel>
  );
}

function Fig({ label, value, testId, tone }: { label: string; value: string; testId?: string; tone?: string }) {
  return (
    <div className={`figure ${tone ?? ''}`} data-testid={testId}>
      <span className="figure-value">{value}</span>
      <span className="figure-label">{label}</span>
    </div>
  );
}

function Legend({ hotspots, showHot }: { hotspots?: Hotspots; showHot: boolean }) {
  const { L } = useI18n();
  const steps = LOAD_STEPS.map((s, i) => {
    const lo = i === 0 ? 0 : LOAD_STEPS[i - 1].max + 1;
    return { colour: fillFor(s.max === Infinity ? lo : s.max), text: s.max === 0 ? '0' : s.max === Infinity ? `${lo}+` : lo === s.max ? `${lo}` : `${lo}–${s.max}` };
  });
  const classes = (hotspots?.summary ?? []).filter((s) => s.places > 0);
  return (
    <div className="map-legend" data-testid="legend">
      <strong>{L(W.openLegend)}</strong>
      <ul>
        {steps.map((s) => (
          <li key={s.text}>
            <span className="swatch" style={{ background: s.colour }} aria-hidden="true" />
            {s.text}
          </li>
        ))}
        <li>
          <span className="swatch edge" style={{ borderColor: OVERDUE_EDGE }} aria-hidden="true" />
          {L(W.overdueEdge)}
        </li>
        {showHot &&
          (classes.length ? (
            classes.map((c) => (
              <li key={`${c.kind}-${c.pattern}`}>
                <span className="swatch edge dashed" style={{ borderColor: c.kind === 'hot' ? HOT_COLOUR : COLD_COLOUR }} aria-hidden="true" />
                {L(c.label)} {c.places}
              </li>
            ))
          ) : (
            <li>{L(W.noHotspots)}</li>
          ))}
      </ul>
    </div>
  );
}

/** One unit of 一办两组两队: its named figures (hub) and its open queue (the ledger), refreshed with the wall. */
function UnitColumn({ unit, part, labels, tick }: { unit: UnitCode; part?: HubPart; labels?: Record<string, Label>; tick: number }) {
  const { t, L } = useI18n();
  const queue = useApi<Page<Incident>>(`/api/v1/incidents${qs(unit === 'office' ? { state: 'reported', limit: 6 } : { unit, limit: 20 })}`);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else queue.reload();
  }, [tick]); // eslint-disable-line react-hooks/exhaustive-deps
  const items = (queue.data?.items ?? []).filter((i) => OPEN_STATES.includes(i.state)).slice(0, 4);
  const figures = (part?.figures ?? {}) as Record<string, unknown>;
  return (
    <Panel title={L(UNIT_LABELS[unit])} load={queue} className="w-unit" testId={`unit-${unit}`}>
      {() => (
        <>
          {part?.status === 'unreachable' ? (
            <p className="unavailable" data-testid="unavailable">
              {t('unavailable')}
            </p>
          ) : (
            <dl className="wall-kv" data-testid={`unit-${unit}-figures`}>
              {UNIT_FIGURES[unit]
                .filter((k) => typeof figures[k] === 'number')
                .map((k) => (
                  <div key={k}>
                    <dt>{labels?.[k] ? L(labels[k]) : '—'}</dt>
                    <dd>{num(figures[k] as number)}</dd>
                  </div>
                ))}
            </dl>
          )}
          <h3 className="sr-only">{L(W.queue)}</h3>
          <ul className="wall-rows">
            {items.length === 0 ? (
              <li className="muted">{t('empty')}</li>
            ) : (
              items.map((i) => (
                <li key={i.id}>
                  <LightDot light={i.clock?.light} label={i.clock?.lightLabel} />
                  <Link to={`/desk/${i.id}`} className="grow">
                    {i.title}
                  </Link>
                </li>
              ))
            )}
          </ul>
        </>
      )}
    </Panel>
  );
}

/** A fraction of the API (0.857) as a percent with one decimal; `—` for null. */
const share = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * 督查 on the wall: today's diaries due / filed / missing and the month's completeness and
 * spot-checks (the office's figures in the hub, as GET /diaries/expected and /diary-reviews/{month}
 * answer them), the month's meetings of 三会一评 held, attendance and overdue meetings and decisions
 * (the registry's, as GET /meetings/figures). Named by the hub's labels; each half fails alone.
 */
function SupervisionPanel({ hub }: { hub: Loadable<Hub> }) {
  const { t, L } = useI18n();
  const labels = hub.data?.labels ?? {};
  const office = hub.data?.panels?.office;
  const organisation = hub.data?.panels?.organisation;
  const d = office?.status !== 'unreachable' ? office?.figures?.diaries : null;
  const m = organisation?.status !== 'unreachable' ? organisation?.figures?.meetings : null;
  // [test id, the group's word, the figure's own key (the hub's labels), the value]
  const rows: [string, Label | null, string, string | null][] = [
    ['diariesExpected', W.today, 'expected', d ? num(d.day.expected) : null],
    ['diariesFiled', W.today, 'filed', d ? num(d.day.filed) : null],
    ['diariesMissing', W.today, 'missing', d ? num(d.day.missing) : null],
    ['diaryCompleteness', W.monthDiary, 'completeness', d ? share(d.totals.completeness) : null],
    ['diaryChecks', W.month, 'checks', d ? num(d.totals.checks) : null],
    ['diaryGraded', W.month, 'graded', d ? num(d.totals.graded) : null],
    ['diaryAveragePoints', null, 'averagePoints', d ? num(d.totals.averagePoints) : null],
    ['meetingsHeld', W.meetings, 'held', m ? num(m.held) : null],
    ['meetingAttendance', W.meeting, 'attendanceRate', m ? share(m.attendanceRate) : null],
    ['meetingsOverdue', null, 'overdueMeetings', m ? num(m.overdueMeetings) : null],
    ['decisionsOverdue', W.decision, 'overdue', m ? num(m.decisions.overdue) : null],
  ];
  return (
    <Panel title={L(W.supervision)} load={hub} className="w-supervision" testId="supervision">
      {() => (
        <dl className="wall-kv wall-kv-2" data-testid="supervision-figures">
          {rows.map(([id, group, k, v]) => (
            <div key={id} data-testid={`sup-${id}`}>
              <dt>{labels[k] ? `${group ? L(group) : ''}${L(labels[k])}` : '—'}</dt>
              <dd>{v ?? t('unavailable')}</dd>
            </div>
          ))}
        </dl>
      )}
    </Panel>
  );
}

/** 考核排名: last month's compounds by total score (appraisal), best first. */
function RankingPanel({ rem }: { rem: number }) {
  const { L } = useI18n();
  const ranking = useApi<Ranking>(`/api/v1/appraisal/rankings${qs({ month: lastMonth(), of: 'compound' })}`);
  const option = useMemo(() => {
    const rows = (ranking.data?.rows ?? []).slice(0, 8).reverse();
    const font = { fontSize: rem, color: '#e8eef9' };
    return {
      tooltip: { trigger: 'axis', textStyle: { fontSize: rem } },
      grid: { left: rem * 0.5, right: rem * 3, top: rem * 0.25, bottom: rem * 0.25, containLabel: true },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', data: rows.map((r) => `${r.rank}. ${r.name}`), axisLabel: font, axisTick: { show: false } },
      series: [{ type: 'bar', data: rows.map((r) => r.total), itemStyle: { color: '#5ab0ff' }, label: { show: true, position: 'right', ...font, formatter: '{c}' } }],
    };
  }, [ranking.data, rem]);
  return (
    <Panel title={`${L(W.ranking)} · ${ranking.data?.month ?? lastMonth()}`} load={ranking} className="w-ranking grow-panel" testId="ranking">
      {(d: Ranking) =>
        d.rows.length ? (
          <Suspense fallback={null}>
            <EChart option={option} label={L(W.ranking)} height="100%" testId="ranking-chart" />
            <ol className="sr-only" data-testid="ranking-rows">
              {d.rows.slice(0, 8).map((r) => (
                <li key={r.gridPath}>
                  {r.rank}. {r.name} {r.total}
                </li>
              ))}
            </ol>
          </Suspense>
        ) : (
          <p className="muted">{L({ zh: '本月暂无排名', en: 'No ranking yet' })}</p>
        )
      }
    </Panel>
  );
}

/**
 * The district's streets compared: the ranking of a district gateway (FEDERATION_MODE=district:
 * GET /api/v1/federation/streets) or, on a street's own gateway, the hub's roll-up by street.
 */
function StreetRanking({ hub }: { hub: Loadable<Hub> }) {
  const { t, L } = useI18n();
  const fed = useApi<FederatedStreets>('/api/v1/federation/streets');
  const rows: StreetRow[] = fed.data
    ? fed.data.streets.map((s) => ({ path: s.gridPath, name: s.street, rank: s.rank, found: s.figures.found, closureRate: s.figures.closureRate === null ? null : s.figures.closureRate * 100, overdue: null }))
    : (hub.data?.streets ?? []).map((s) => ({ path: s.path, name: s.name ?? '—', rank: s.rank, found: s.figures.found ?? null, closureRate: s.figures.closureRate ?? null, overdue: s.figures.overdue ?? null }));
  return (
    <Panel title={L(W.streets)} load={hub} className="w-streets" testId="streets">
      {() =>
        rows.length === 0 ? (
          <p className="muted">{t('empty')}</p>
        ) : (
          <table className="wall-table">
            <thead>
              <tr>
                <th scope="col">{L(W.rank)}</th>
                <th scope="col">{L(W.street)}</th>
                <th scope="col">{t('found')}</th>
                <th scope="col">{t('closureRate')}</th>
                <th scope="col">{t('overdue')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.path} data-testid="street-row">
                  <td>{r.rank ?? '—'}</td>
                  <th scope="row">{r.name}</th>
                  <td>{num(r.found)}</td>
                  <td>{pct(r.closureRate)}</td>
                  <td>{num(r.overdue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </Panel>
  );
}

/** 上报区级: escalations waiting for the district (the district gateway's read model, else the ledger's escalated problems). */
function Escalations() {
  const { t, L, lang } = useI18n();
  const fed = useApi<{ items: { eventId: string; incidentId: string; code: string; title: string; street: string; escalatedAt: string }[] }>('/api/v1/federation/escalations?limit=20');
  const local = useApi<Page<Incident>>(`/api/v1/incidents${qs({ state: 'escalated', limit: 20 })}`);
  const items: Escalation[] = fed.data
    ? fed.data.items.map((e) => ({ id: e.incidentId, code: e.code, title: e.title, street: e.street, at: e.escalatedAt }))
    : (local.data?.items ?? []).map((i) => ({ id: i.id, code: i.code, title: i.title, street: '', at: i.reportedAt }));
  return (
    <Panel title={L(W.escalations)} load={(fed.data ? fed : local) as Loadable<unknown>} className="w-escalations" testId="escalations">
      {() =>
        items.length === 0 ? (
          <p className="muted">{t('empty')}</p>
        ) : (
          <ul className="wall-rows">
            {items.slice(0, 8).map((e) => (
              <li key={e.id}>
                <span className="muted">{fmtTime(e.at, lang).slice(0, 5)}</span>
                <Link to={`/desk/${e.id}`} className="grow">
                  {e.title}
                </Link>
                {e.street && <span className="tag">{e.street}</span>}
              </li>
            ))}
          </ul>
        )
      }
    </Panel>
  );
}
