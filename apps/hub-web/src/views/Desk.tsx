import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, download, qs, useApi, type User } from '../api';
import { useI18n } from '../i18n';
import { Link, navigate, usePath } from '../router';
import { ACTION_LABELS, ACTION_NEEDS, allowedActions, STATE_LABELS, UNIT_LABELS, type Category, type Incident, type Page } from '../types';
import { ErrorNote, fmtTime, LightDot, num, Panel, shortPath } from '../ui';
import { Photo } from '../components/Photo';

const KEY_AREAS: Record<string, { zh: string; en: string }> = {
  illegal_production: { zh: '非法生产', en: 'Illegal production' },
  illegal_business: { zh: '非法经营', en: 'Illegal business' },
  illegal_construction: { zh: '非法建设', en: 'Illegal construction' },
  production_safety: { zh: '安全生产', en: 'Safety in production' },
  petitions_stability: { zh: '信访稳定', en: 'Petitions & stability' },
  grassroots_organisation: { zh: '基层组织建设', en: 'Grassroots-organisation building' },
  other: { zh: '其它', en: 'Other' },
};

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
              {Object.entries(STATE_LABELS).map(([k, v]) => (
                <option key={k} value={k}>
                  {L(v)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('keyArea')}
            <select value={draft.keyArea} onChange={(e) => setDraft({ ...draft, keyArea: e.target.value })}>
              <option value="">{t('all')}</option>
              {Object.entries(KEY_AREAS).map(([k, v]) => (
                <option key={k} value={k}>
                  {L(v)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('light')}
            <select value={draft.light} onChange={(e) => setDraft({ ...draft, light: e.target.value })}>
              <option value="">{t('all')}</option>
              <option value="green">{t('green')}</option>
              <option value="yellow">{t('yellow')}</option>
              <option value="red">{t('red')}</option>
            </select>
          </label>
          <label>
            {t('unit')}
            <select value={draft.unit} onChange={(e) => setDraft({ ...draft, unit: e.target.value })}>
              <option value="">{t('all')}</option>
              {['organisation', 'petitions', 'social', 'enforcement'].map((u) => (
                <option key={u} value={u}>
                  {L(UNIT_LABELS[u])}
                </option>
              ))}
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
                <th scope="col">{t('code')}</th>
                <th scope="col">{t('title')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col">{t('grid')}</th>
                <th scope="col">{t('reportedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id} aria-selected={i.id === selected} className={i.id === selected ? 'selected' : ''}>
                  <td>
                    <LightDot light={i.clock?.light} label={i.clock?.lightLabel} />
                  </td>
                  <td className="mono">{i.code}</td>
                  <td>
                    <Link to={`/desk/${i.id}`} data-testid="incident-link">
                      {i.title}
                    </Link>
                  </td>
                  <td>{L(i.stateLabel)}</td>
                  <td className="mono">{shortPath(i.gridPath)}</td>
                  <td>{fmtTime(i.reportedAt, lang)}</td>
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
        {selected ? <IncidentFile key={selected} id={selected} user={user} onChanged={first.reload} /> : <p className="muted">{t('selectIncident')}</p>}
      </section>
    </div>
  );
}

function IncidentFile({ id, user, onChanged }: { id: string; user: User; onChanged: () => void }) {
  const { t, L, lang } = useI18n();
  const inc = useApi<Incident>(`/api/v1/incidents/${id}`);
  const [acting, setActing] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (!inc.data) return inc.error ? <ErrorNote error={inc.error} onRetry={inc.reload} /> : <p className="muted">{t('loading')}</p>;
  const i = inc.data;
  const actions = allowedActions(user.role, i.state, i.unit, user.unit);
  const done = () => {
    setActing(null);
    setError(null);
    inc.reload();
    onChanged();
  };
  return (
    <article aria-labelledby="inc-title" data-testid="incident">
      <header>
        <h2 id="inc-title">
          <span className="mono">{i.code}</span> {i.title}
        </h2>
        <button type="button" className="link" onClick={() => navigate('/desk')} aria-label={t('close')}>
          ✕
        </button>
      </header>
      <dl className="kv">
        <div>
          <dt>{t('state')}</dt>
          <dd data-testid="incident-state">{L(i.stateLabel)}</dd>
        </div>
        <div>
          <dt>{t('keyArea')}</dt>
          <dd>
            {L(i.keyAreaLabel)} · {i.categoryName}
          </dd>
        </div>
        <div>
          <dt>{t('grid')}</dt>
          <dd className="mono">{i.gridPath}</dd>
        </div>
        {i.address && (
          <div>
            <dt>{t('address')}</dt>
            <dd>{i.address}</dd>
          </div>
        )}
        {i.unit && (
          <div>
            <dt>{t('unit')}</dt>
            <dd>{L(UNIT_LABELS[i.unit], i.unit)}</dd>
          </div>
        )}
        <div>
          <dt>{t('reportedAt')}</dt>
          <dd>{fmtTime(i.reportedAt, lang)}</dd>
        </div>
      </dl>
      {i.description && <p>{i.description}</p>}
      {i.clock && (
        <div className={`clock light-${i.clock.light}`} data-testid="clock">
          <LightDot light={i.clock.light} label={i.clock.lightLabel} />
          <strong>{L(i.clock.lightLabel)}</strong>
          <span>
            {t('deadline')} {fmtTime(i.clock.deadline, lang)} ({i.clock.limit.label})
          </span>
          <span>{i.clock.overdue ? `${t('overdueBy')} ${num(i.clock.overdueMinutes)} ${t('minutes')}` : `${t('remaining')} ${num(i.clock.remainingMinutes)} ${t('minutes')}`}</span>
        </div>
      )}
      {(i.photos.length > 0 || i.resultPhotos.length > 0 || (i.verificationPhotos ?? []).length > 0) && (
        <>
          <h3>{t('photos')}</h3>
          <div className="photo-compare" data-testid="photo-compare">
            {(
              [
                ['photosReported', i.photos],
                ['photosHandled', i.resultPhotos],
                ['photosVerified', i.verificationPhotos ?? []],
              ] as const
            )
              .filter(([, set]) => set.length > 0)
              .map(([label, set]) => (
                <figure key={label}>
                  <figcaption>{t(label)}</figcaption>
                  <div className="photos">
                    {set.map((p, n) => (
                      <Photo key={p} sha256={p} alt={`${t(label)} ${n + 1}`} />
                    ))}
                  </div>
                </figure>
              ))}
          </div>
        </>
      )}
      {i.result && (
        <p>
          <strong>{t('result')}:</strong> {i.result}
        </p>
      )}
      <h3>{t('actions')}</h3>
      <div className="actions" role="group" aria-label={t('actions')}>
        {actions.length === 0 && <span className="muted">—</span>}
        {actions.map((a) => (
          <button key={a} type="button" onClick={() => setActing(a)} aria-pressed={acting === a} data-testid={`action-${a}`}>
            {L(ACTION_LABELS[a], a)}
          </button>
        ))}
      </div>
      {acting && <ActionForm incident={i} action={acting} onDone={done} onCancel={() => setActing(null)} onError={setError} />}
      {error && <ErrorNote error={error} />}
      <h3>{t('history')}</h3>
      <ol className="history" data-testid="history">
        {(i.history ?? []).map((h) => (
          <li key={h.seq}>
            <span className="muted">{fmtTime(h.at, lang)}</span> <strong>{L(ACTION_LABELS[h.action], h.action)}</strong> → {L(STATE_LABELS[h.toState], h.toState)}
            {h.byName && <span className="muted"> · {h.byName}</span>}
            {h.note && <div className="small">{h.note}</div>}
          </li>
        ))}
      </ol>
    </article>
  );
}

function ActionForm({ incident, action, onDone, onCancel, onError }: { incident: Incident; action: string; onDone: () => void; onCancel: () => void; onError: (e: ApiError | null) => void }) {
  const { t, L } = useI18n();
  const needs = ACTION_NEEDS[action] ?? [];
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [unit, setUnit] = useState('enforcement');
  const [departmentId, setDepartmentId] = useState('');
  const [result, setResult] = useState('');
  const [value, setValue] = useState('1');
  const [closureType, setClosureType] = useState(incident.state === 'verified' || incident.state === 'escalated' ? 'fixed' : 'closed_not_fixed');
  const [busy, setBusy] = useState(false);
  const departments = useApi<{ items: { id: string; name: string }[] } | { id: string; name: string }[]>(action === 'dispatch' ? '/api/v1/departments?limit=100' : null);
  const deptList = Array.isArray(departments.data) ? departments.data : (departments.data?.items ?? []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    onError(null);
    const body: Record<string, unknown> = {};
    if (needs.includes('reason') || reason) body.reason = reason;
    if (note) body.note = note;
    if (action === 'dispatch') {
      if (unit) body.unit = unit;
      if (departmentId) body.departmentId = departmentId;
    }
    if (needs.includes('result')) body.result = result;
    if (needs.includes('value')) body.value = Number(value);
    if (needs.includes('closureType')) body.closureType = closureType;
    try {
      await api(`/api/v1/incidents/${incident.id}/${action}`, { method: 'POST', json: body });
      onDone();
    } catch (err) {
      onError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="action-form" onSubmit={submit} aria-label={L(ACTION_LABELS[action], action)} data-testid="action-form">
      {action === 'dispatch' && (
        <>
          <label>
            {t('unit')}
            <select value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="dispatch-unit">
              <option value="">—</option>
              {['organisation', 'petitions', 'social', 'enforcement'].map((u) => (
                <option key={u} value={u}>
                  {L(UNIT_LABELS[u])}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('department')}
            <select value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
              <option value="">—</option>
              {deptList.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {needs.includes('reason') && (
        <label>
          {t('reason')}
          <textarea required minLength={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      )}
      {needs.includes('result') && (
        <label>
          {t('result')}
          <textarea required minLength={2} value={result} onChange={(e) => setResult(e.target.value)} />
        </label>
      )}
      {needs.includes('value') && (
        <label>
          {t('deadline')} +
          <input type="number" min={1} max={90} required value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
      )}
      {needs.includes('closureType') && (
        <label>
          {t('state')}
          <select value={closureType} onChange={(e) => setClosureType(e.target.value)}>
            <option value="fixed">已解决 / Fixed</option>
            <option value="closed_not_fixed">结案未解决 / Closed, not fixed</option>
            <option value="not_responsible">非本级职责 / Not ours</option>
            <option value="referred">已转办 / Referred</option>
          </select>
        </label>
      )}
      <label>
        {t('note')}
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="action-submit">
          {t('submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

export type { Category };
