import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, download, qs, useApi, type User } from '../api';
import { useI18n } from '../i18n';
import { Link, navigate, usePath } from '../router';
import { KEY_AREA_LABELS, TRAFFIC_LIGHT_LABELS, UNIT_NAMES } from '../labels';
import { useGridNames } from '../names';
import { STATE_LABELS, type Category, type Incident, type Page } from '../types';
import { ErrorNote, fmtTime, LabelOptions, LightDot } from '../ui';
import { IncidentFile } from '../components/IncidentFile';

const KEY_AREAS = KEY_AREA_LABELS as Record<string, { zh: string; en: string }>;

interface Filter {
  q: string;
  state: string;
  keyArea: string;
  light: string;
  unit: string;
  overdue: boolean;
}
const EMPTY: Filter = { q: '', state: '', keyArea: '', light: '', unit: '', overdue: false };

const toQuery = (f: Filter) => ({ q: f.q || undefined, state: f.state || undefined, keyArea: f.keyArea || undefined, light: f.light || undefined, unit: f.unit || undefined, overdue: f.overdue || undefined });

/** 案件受理台: the ledger with filters, one incident's file, and the actions the role may take. */
export default function Desk({ user }: { user: User }) {
  const { t, L, lang } = useI18n();
  const { path } = usePath();
  const selected = path.split('/')[2] ?? null;
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [pages, setPages] = useState<Incident[][]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const listPath = `/api/v1/incidents${qs({ ...toQuery(filter), limit: 50 })}`;
  const first = useApi<Page<Incident>>(listPath, 30_000);
  const [exporting, setExporting] = useState<string | null>(null);
  const gridName = useGridNames();

  const items = useMemo(() => [...(first.data?.items ?? []), ...pages.flat()], [first.data, pages]);
  const next = pages.length ? cursor : (first.data?.nextCursor ?? null);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setPages([]);
    setCursor(null);
    setFilter(draft);
  };
  const more = async () => {
    if (!next) return;
    const p = await api<Page<Incident>>(`/api/v1/incidents${qs({ ...toQuery(filter), limit: 50, cursor: next })}`);
    setPages((ps) => [...ps, p.items]);
    setCursor(p.nextCursor);
  };
  const exportXlsx = async () => {
    setExporting(t('loading'));
    try {
      await download(`/api/v1/incidents.xlsx${qs(toQuery(filter))}`, 'ledger.xlsx');
      setExporting(null);
    } catch (e) {
      setExporting((e as ApiError).message);
    }
  };

  return (
    <div className="desk">
      <section className="panel desk-list" aria-labelledby="desk-title">
        <header>
          <h1 id="desk-title">{t('desk')}</h1>
          <button type="button" onClick={exportXlsx} data-testid="export">
            {t('exportXlsx')}
          </button>
        </header>
        {exporting && <p className="muted small" role="status">{exporting}</p>}
        <form className="filters" onSubmit={apply} role="search">
          <label>
            {t('search')}
            <input type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} data-testid="q" />
          </label>
          <label>
            {t('state')}
            <select value={draft.state} onChange={(e) => setDraft({ ...draft, state: e.target.value })}>
              <option value="">{t('all')}</option>
              <LabelOptions labels={STATE_LABELS} />
            </select>
          </label>
          <label>
            {t('keyArea')}
            <select value={draft.keyArea} onChange={(e) => setDraft({ ...draft, keyArea: e.target.value })}>
              <option value="">{t('all')}</option>
              <LabelOptions labels={KEY_AREAS} />
            </select>
          </label>
          <label>
            {t('light')}
            <select value={draft.light} onChange={(e) => setDraft({ ...draft, light: e.target.value })}>
              <option value="">{t('all')}</option>
              <LabelOptions labels={TRAFFIC_LIGHT_LABELS} />
            </select>
          </label>
          <label>
            {t('unit')}
            <select value={draft.unit} onChange={(e) => setDraft({ ...draft, unit: e.target.value })}>
              <option value="">{t('all')}</option>
              <LabelOptions labels={UNIT_NAMES} />
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.overdue} onChange={(e) => setDraft({ ...draft, overdue: e.target.checked })} />
            {t('overdue')}
          </label>
          <button type="submit" className="primary">
            {t('search')}
          </button>
        </form>
        {first.error && !first.data ? (
          <ErrorNote error={first.error} onRetry={first.reload} />
        ) : (
          <table className="ledger" data-testid="ledger">
            <thead>
              <tr>
                <th scope="col">{t('light')}</th>
                <th scope="col" className="col-code">{t('code')}</th>
                <th scope="col">{t('title')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col" className="col-grid">{t('grid')}</th>
                <th scope="col" className="col-time">{t('reportedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id} aria-selected={i.id === selected} className={i.id === selected ? 'selected' : ''}>
                  <td>
                    <LightDot light={i.clock?.light} label={i.clock?.lightLabel} />
                  </td>
                  <td className="mono col-code">{i.code}</td>
                  <td>
                    <Link to={`/desk/${i.id}`} aria-label={`${i.title} ${i.code}`} data-testid="incident-link">
                      {i.title}
                    </Link>
                  </td>
                  <td>{L(i.stateLabel)}</td>
                  <td className="col-grid">{gridName(i.gridPath)}</td>
                  <td className="col-time">{fmtTime(i.reportedAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {first.data && items.length === 0 && <p className="muted">{t('empty')}</p>}
        {next && (
          <button type="button" onClick={more}>
            {t('more')}
          </button>
        )}
      </section>
      <section className="panel desk-detail" aria-live="polite">
        {selected ? <IncidentFile key={selected} id={selected} user={user} onChanged={first.reload} onClose={() => navigate('/desk')} /> : <p className="muted">{t('selectIncident')}</p>}
      </section>
    </div>
  );
}

export type { Category };
