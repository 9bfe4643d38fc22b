import { lazy, Suspense, useCallback, useMemo, useRef } from 'react';
import { qs, useApi, type User } from '../api';
import { monthStart, today } from '../dates';
import { useI18n } from '../i18n';
import { useLiveFeed } from '../live';
import { Link } from '../router';
import { EVENT_LABELS, OPEN_STATES, UNIT_LABELS, type GridCollection, type Hub, type HubPart, type Incident, type KeyAreaStats, type Page } from '../types';
import { Figure, fmtTime, LightDot, num, Panel, pct, shortPath } from '../ui';
import { FigureList } from '../components/Generic';

const EChart = lazy(() => import('../components/EChart'));
const GridMap = lazy(() => import('../components/GridMap'));

const REFRESH = 30_000;
const UNITS = ['office', 'organisation', 'petitions', 'social', 'enforcement'] as const;

/** 指挥大屏: the wall screen of the street command centre. Every number is the API's. */
export default function Board({ user }: { user: User }) {
  const { t, L, lang } = useI18n();
  const day = today();
  const todayStats = useApi<KeyAreaStats>(`/api/v1/stats/key-areas${qs({ from: day, to: day })}`, REFRESH);
  const monthStats = useApi<KeyAreaStats>(`/api/v1/stats/key-areas${qs({ from: monthStart(), to: day })}`, REFRESH);
  const hub = useApi<Hub>(`/api/v1/hub${qs({ period: 'today' })}`, REFRESH);
  const overdue = useApi<Page<Incident>>(`/api/v1/incidents${qs({ overdue: true, limit: 12 })}`, REFRESH);
  const open = useApi<Page<Incident>>(`/api/v1/incidents${qs({ limit: 300 })}`, REFRESH);
  const grids = useApi<GridCollection>(`/api/v1/grids.geojson${qs({ level: 'compound' })}`);

  // Figures follow the feed: any office event refreshes them (debounced), no reload needed.
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refresh = useCallback(() => {
    clearTimeout(pending.current);
    pending.current = setTimeout(() => {
      todayStats.reload();
      monthStats.reload();
      hub.reload();
      overdue.reload();
      open.reload();
    }, 1500);
  }, [todayStats.reload, monthStats.reload, hub.reload, overdue.reload, open.reload]);
  const feed = useLiveFeed(refresh);

  const openItems = useMemo(() => (open.data?.items ?? []).filter((i) => OPEN_STATES.includes(i.state)), [open.data]);
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const i of openItems) m.set(i.gridPath, (m.get(i.gridPath) ?? 0) + 1);
    return m;
  }, [openItems]);
  const markers = useMemo(
    () => openItems.filter((i) => i.location).map((i) => ({ id: i.id, lat: i.location!.lat, lng: i.location!.lng, label: `${i.code} ${i.title}`, light: i.clock?.light ?? null })),
    [openItems],
  );

  const barOption = useMemo(() => {
    const rows = monthStats.data?.rows ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('found'), t('solved')], textStyle: { color: '#dbe4f3' } },
      grid: { left: 40, right: 10, top: 30, bottom: 60 },
      xAxis: { type: 'category', data: rows.map((r) => L(r.label)), axisLabel: { rotate: 30, color: '#dbe4f3' } },
      yAxis: { type: 'value', axisLabel: { color: '#dbe4f3' } },
      series: [
        { name: t('found'), type: 'bar', data: rows.map((r) => r.found), itemStyle: { color: '#5ab0ff' } },
        { name: t('solved'), type: 'bar', data: rows.map((r) => r.solved), itemStyle: { color: '#2fb171' } },
      ],
    };
  }, [monthStats.data, t, L]);

  const levelNames = { grid: { zh: '网格', en: 'Grid' }, community: { zh: '社区', en: 'Community' }, street: { zh: '街道', en: 'Street' }, district: { zh: '区级', en: 'District' } };
  const pieOption = useMemo(() => {
    const c = monthStats.data?.resolutionCounts;
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0, textStyle: { color: '#dbe4f3' } },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          label: { color: '#dbe4f3' },
          data: c ? (Object.keys(levelNames) as (keyof typeof levelNames)[]).map((k) => ({ name: L(levelNames[k]), value: c[k] })) : [],
        },
      ],
    };
  }, [monthStats.data, L]);

  const officePanel = hub.data?.panels?.office;
  const lights = officePanel?.figures?.lights;

  return (
    <div className="board" data-testid="board">
      <Panel title={`${t('today')} · ${t('found')} / ${t('solved')}`} load={todayStats} testId="today" className="figs">
        {(d: KeyAreaStats) => (
          <div className="figure-row">
            <Figure label={t('found')} value={num(d.total.found)} testId="today-found" />
            <Figure label={t('solved')} value={num(d.total.solved)} testId="today-solved" />
            <Figure label={t('closureRate')} value={pct(d.total.closureRate)} tone="accent" />
          </div>
        )}
      </Panel>
      <Panel title={`${t('thisMonth')} · ${t('found')} / ${t('solved')}`} load={monthStats} testId="month" className="figs">
        {(d: KeyAreaStats) => (
          <div className="figure-row">
            <Figure label={t('found')} value={num(d.total.found)} testId="month-found" />
            <Figure label={t('solved')} value={num(d.total.solved)} testId="month-solved" />
            <Figure label={t('closureRate')} value={pct(d.total.closureRate)} tone="accent" testId="month-rate" />
            <Figure label={t('onTimeRate')} value={pct(d.rates.onTimeClosure)} />
          </div>
        )}
      </Panel>
      <Panel title={t('lights')} load={hub} testId="lights" className="figs">
        {() =>
          lights && officePanel?.figures ? (
            <>
              {officePanel.status === 'stale' && <p className="muted small">{t('stale')}</p>}
              <div className="figure-row" data-testid="light-counts">
                <Figure label={t('green')} value={num(lights.green)} tone="green" />
                <Figure label={t('yellow')} value={num(lights.yellow)} tone="yellow" />
                <Figure label={t('red')} value={num(lights.red)} tone="red" />
                <Figure label={t('overdue')} value={num(officePanel.figures.overdue)} />
                <Figure label={t('supervised')} value={num(officePanel.figures.supervised)} />
              </div>
            </>
          ) : (
            <p className="unavailable" data-testid="unavailable">
              {t('unavailable')}
            </p>
          )
        }
      </Panel>

      <Panel title={t('liveFeed')} className="feed" testId="feed" actions={<span className={`mode mode-${feed.mode}`} data-testid="feed-mode">{t(feed.mode === 'live' ? 'live' : feed.mode === 'polling' ? 'polling' : 'connecting')}</span>}>
        {feed.items.length === 0 ? (
          <p className="muted">{t('empty')}</p>
        ) : (
          <ol className="rows" aria-live="polite" aria-relevant="additions">
            {feed.items.map((f) => (
              <li key={f.key} data-testid="feed-item">
                <span className="muted">{fmtTime(f.at, lang)}</span>
                <span className="tag">{L(EVENT_LABELS[f.type], f.type)}</span>
                {f.incidentId ? (
                  <Link to={`/desk/${f.incidentId}`} className="grow">
                    {f.code} {f.title}
                  </Link>
                ) : (
                  <span className="grow">{f.title ?? f.type}</span>
                )}
                <span className="muted mono">{shortPath(f.gridPath)}</span>
              </li>
            ))}
          </ol>
        )}
      </Panel>

      <Panel title={`${t('keyAreaTable')} · ${t('thisMonth')}`} load={monthStats} className="keyareas" testId="key-areas">
        {(d: KeyAreaStats) => (
          <>
            <table>
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
            <Suspense fallback={null}>
              <EChart option={barOption} label={t('keyAreaTable')} height={220} />
            </Suspense>
          </>
        )}
      </Panel>

      <Panel title={t('resolutionLevels')} load={monthStats} className="levels">
        {(d: KeyAreaStats) => (
          <>
            <Suspense fallback={null}>
              <EChart option={pieOption} label={t('resolutionLevels')} height={220} />
            </Suspense>
            <dl className="kv">
              {(Object.keys(levelNames) as (keyof typeof levelNames)[]).map((k) => (
                <div key={k}>
                  <dt>{L(levelNames[k])}</dt>
                  <dd>{pct(d.resolutionLevels[k])}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </Panel>

      <Panel title={t('map')} load={grids} className="mapbox" testId="map">
        {() => (
          <Suspense fallback={null}>
            <GridMap grids={grids.data} counts={counts} markers={markers} label={t('map')} height={380} />
            {!import.meta.env.VITE_TILE_URL && <p className="muted small">{t('noTiles')}</p>}
          </Suspense>
        )}
      </Panel>

      <Panel title={t('overdue')} load={overdue} className="overdue" testId="overdue">
        {(d: Page<Incident>) =>
          d.items.length === 0 ? (
            <p className="muted">{t('empty')}</p>
          ) : (
            <ul className="rows">
              {d.items.map((i) => (
                <li key={i.id}>
                  <LightDot light={i.clock?.light} label={i.clock?.lightLabel} />
                  <Link to={`/desk/${i.id}`} className="grow">
                    {i.code} {i.title}
                  </Link>
                  <span className="tag">{L(i.stateLabel)}</span>
                  <span className="muted">{i.clock ? `${t('overdueBy')} ${num(i.clock.overdueMinutes)} ${t('minutes')}` : ''}</span>
                </li>
              ))}
            </ul>
          )
        }
      </Panel>

      <section className="units" aria-label={t('units122')}>
        {UNITS.map((u) => (
          <UnitColumn key={u} unit={u} hubPart={u === 'office' ? undefined : hub.data?.panels?.[u]} />
        ))}
      </section>
      <p className="muted small footnote">
        {user.scope} · {t('period')}: {t('today')} / {t('thisMonth')}
      </p>
    </div>
  );
}

/** One unit of "122": its hub figures (when the hub has them) and its open queue from the ledger. */
function UnitColumn({ unit, hubPart }: { unit: (typeof UNITS)[number]; hubPart?: HubPart }) {
  const { t, L, lang } = useI18n();
  const queue = useApi<Page<Incident>>(`/api/v1/incidents${qs(unit === 'office' ? { state: 'reported', limit: 6 } : { unit, limit: 20 })}`, REFRESH);
  const items = (queue.data?.items ?? []).filter((i) => OPEN_STATES.includes(i.state)).slice(0, 6);
  return (
    <Panel title={L(UNIT_LABELS[unit])} load={queue} className="unit" testId={`unit-${unit}`}>
      {() => (
        <>
          {hubPart?.status === 'unreachable' ? (
            <p className="unavailable small" data-testid="unavailable">
              {t('unavailable')}
            </p>
          ) : hubPart?.figures ? (
            <>
              {hubPart.status === 'stale' && <p className="muted small">{t('stale')}</p>}
              <FigureList data={hubPart.figures} max={5} />
            </>
          ) : null}
          <h3 className="small">{t('openQueue')}</h3>
          {items.length === 0 ? (
            <p className="muted">{t('empty')}</p>
          ) : (
            <ul className="rows compact">
              {items.map((i) => (
                <li key={i.id}>
                  <LightDot light={i.clock?.light} label={i.clock?.lightLabel} />
                  <Link to={`/desk/${i.id}`} className="grow">
                    {i.title}
                  </Link>
                  <span className="muted">{fmtTime(i.reportedAt, lang)}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Panel>
  );
}
