import { lazy, Suspense, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, qs, useApi, type User } from '../api';
import { today } from '../dates';
import { useI18n } from '../i18n';
import { OPEN_STATES, type Category, type Incident, type Page } from '../types';
import { ErrorNote, fmtTime, LightDot, Panel } from '../ui';
import { IncidentFile, uploadPhoto } from '../components/IncidentFile';

const PinMap = lazy(() => import('../components/PinMap'));

type Point = { lng: number; lat: number };
interface ProblemDraft {
  title: string;
  description: string;
  category: string;
  address: string;
  location: Point | null;
  photos: string[];
  locating: 'idle' | 'busy' | 'failed';
}
const blank = (): ProblemDraft => ({ title: '', description: '', category: '', address: '', location: null, photos: [], locating: 'idle' });

/** What became of one report: a new incident, or merged into one already being handled (重复件). */
interface Outcome {
  incident: Incident;
  original: Incident | null;
}

async function outcomeOf(id: string): Promise<Outcome> {
  const incident = await api<Incident & { duplicateOfId?: string | null }>(`/api/v1/incidents/${id}`);
  const original = incident.duplicateOfId ? await api<Incident>(`/api/v1/incidents/${incident.duplicateOfId}`).catch(() => null) : null;
  return { incident, original };
}

/**
 * 网格员 (the phone, 360 px): report a problem on the spot (pin on the map, searchable category,
 * photo; no diary needed), what became of it (new, or merged into an open case: "已合并到 …"),
 * verifications to do, my grid's open incidents (tap one: its file, verify / rework / reopen there),
 * and the day's diary (民情日志) with its problems.
 */
export default function Worker({ user }: { user: User }) {
  const { t, lang } = useI18n();
  const root = user.role === 'grid_worker' ? user.scope : undefined;
  const cats = useApi<{ items: Category[] }>('/api/v1/categories');
  const mine = useApi<Page<Incident>>(`/api/v1/incidents${qs({ root, limit: 50 })}`, 30_000);
  const verify = useApi<Page<Incident>>(`/api/v1/incidents${qs({ root, state: 'handled', limit: 20 })}`, 30_000);
  const [opened, setOpened] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const refresh = () => {
    mine.reload();
    verify.reload();
  };

  const doVerify = async (i: Incident) => {
    try {
      await api(`/api/v1/incidents/${i.id}/verify`, { method: 'POST', json: {}, headers: { 'idempotency-key': `verify-${i.id}-${Date.now()}` } });
      refresh();
    } catch (e) {
      setError(e as ApiError);
    }
  };

  const open = (mine.data?.items ?? []).filter((i) => OPEN_STATES.includes(i.state));

  return (
    <div className="worker" data-testid="worker">
      <h1 className="page-title">
        {t('worker')} · {today()}
      </h1>
      <ReportForm user={user} categories={cats.data?.items ?? []} categoriesError={cats.error} onReported={refresh} onOpen={setOpened} />

      <Panel title={t('toVerify')} load={verify} testId="to-verify">
        {(d: Page<Incident>) =>
          d.items.length === 0 ? (
            <p className="muted">{t('empty')}</p>
          ) : (
            <ul className="rows">
              {d.items.map((i) => (
                <li key={i.id}>
                  <button type="button" className="row-open" onClick={() => setOpened(opened === i.id ? null : i.id)} aria-expanded={opened === i.id} data-testid="verify-open">
                    <span className="row-main">
                      <span className="row-title">{i.title}</span>
                      {i.result && <span className="muted small">{i.result}</span>}
                    </span>
                  </button>
                  <button type="button" onClick={() => void doVerify(i)} data-testid="quick-verify" aria-label={`${t('verify')} ${i.code}`}>
                    {t('verify')}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Panel>
      {error && <ErrorNote error={error} />}

      <Panel title={t('myGridOpen')} load={mine} testId="my-open">
        {() =>
          open.length === 0 ? (
            <p className="muted">{t('empty')}</p>
          ) : (
            <ul className="rows">
              {open.map((i) => (
                <li key={i.id} className={opened === i.id ? 'selected' : ''}>
                  <button type="button" className="row-open" onClick={() => setOpened(opened === i.id ? null : i.id)} aria-expanded={opened === i.id} data-testid="my-open-item">
                    <LightDot light={i.clock?.light} label={i.clock?.lightLabel} />
                    <span className="row-main">
                      <span className="row-title">{i.title}</span>
                      <span className="muted small">{fmtTime(i.reportedAt, lang)}</span>
                    </span>
                    <span className="tag">{i.stateLabel[lang] || i.stateLabel.zh}</span>
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Panel>
      {opened && (
        <section className="panel" aria-label={t('recordTitle')} data-testid="worker-file">
          <IncidentFile key={opened} id={opened} user={user} onChanged={refresh} onClose={() => setOpened(null)} compact />
        </section>
      )}

      <Diary user={user} categories={cats.data?.items ?? []} onFiled={refresh} />
    </div>
  );
}

/** A searchable category picker: type a few characters, pick from the matches (45 categories in 7 key areas). */
function CategoryPicker({ categories, value, onChange, name }: { categories: Category[]; value: string; onChange: (code: string) => void; name: string }) {
  const { t, L } = useI18n();
  const [q, setQ] = useState('');
  const matches = useMemo(() => {
    const s = q.trim().toLowerCase();
    return s ? categories.filter((c) => c.name.toLowerCase().includes(s) || L(c.keyAreaLabel).toLowerCase().includes(s) || c.code.includes(s)) : categories;
  }, [q, categories, L]);
  const chosen = categories.find((c) => c.code === value);
  return (
    <div className="picker" data-testid="category-picker">
      <label>
        {t('categorySearch')}
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="例：垃圾、占道、违建" data-testid="category-search" name={`${name}-search`} />
      </label>
      <label>
        {t('category')}
        <select required value={value} onChange={(e) => onChange(e.target.value)} name={name} data-testid="category-select">
          <option value="">{matches.length ? `— ${matches.length} —` : t('noMatch')}</option>
          {chosen && !matches.includes(chosen) && (
            <option value={chosen.code}>
              {L(chosen.keyAreaLabel)} · {chosen.name}
            </option>
          )}
          {matches.map((c) => (
            <option key={c.code} value={c.code}>
              {L(c.keyAreaLabel)} · {c.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** Location: the phone's position as the starting pin, then tap / drag on the map to correct it. */
function LocationField({ value, onChange, root }: { value: Point | null; onChange: (p: Point | null, state?: ProblemDraft['locating']) => void; root: string | undefined }) {
  const { t } = useI18n();
  const [state, setState] = useState<ProblemDraft['locating']>('idle');
  const locate = () => {
    if (!navigator.geolocation) return setState('failed');
    setState('busy');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setState('idle');
        onChange({ lng: pos.coords.longitude, lat: pos.coords.latitude });
      },
      () => setState('failed'),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };
  return (
    <div className="stack">
      <div className="row">
        <button type="button" onClick={locate} disabled={state === 'busy'} data-testid="locate">
          {t('useLocation')}
        </button>
        <span className="small" role="status">
          {value ? t('locationSet') : state === 'failed' ? t('locationFailed') : ''}
        </span>
      </div>
      <p className="small muted" id="pin-hint">
        {t('pinHint')}
      </p>
      <Suspense fallback={null}>
        <PinMap value={value} onChange={(p) => onChange(p)} root={root} label={`${t('map')}：${t('pinHint')}`} height={200} />
      </Suspense>
    </div>
  );
}

/** 上报问题: one problem, straight to the office (source 网格巡查), no diary needed. */
function ReportForm({ user, categories, categoriesError, onReported, onOpen }: { user: User; categories: Category[]; categoriesError?: ApiError; onReported: () => void; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const [p, setP] = useState<ProblemDraft>(blank);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const status = useRef<HTMLDivElement>(null);
  const set = (patch: Partial<ProblemDraft>) => setP((x) => ({ ...x, ...patch }));
  useEffect(() => {
    if (outcome) status.current?.focus();
  }, [outcome]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const cat = categories.find((c) => c.code === p.category);
    try {
      const r = await api<Incident>('/api/v1/incidents', {
        method: 'POST',
        headers: { 'idempotency-key': `report-${user.username ?? 'me'}-${Date.now()}` },
        json: {
          source: 'grid_patrol',
          title: p.title,
          ...(p.description ? { description: p.description } : {}),
          keyArea: cat?.keyArea ?? 'other',
          category: p.category,
          ...(p.address ? { address: p.address } : {}),
          ...(p.location ? { location: p.location } : {}),
          ...(p.photos.length ? { photos: p.photos } : {}),
        },
      });
      setOutcome(await outcomeOf(r.id));
      setP(blank());
      onReported();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="report-title">
      <header>
        <h2 id="report-title">{t('reportProblem')}</h2>
      </header>
      {outcome && (
        <div ref={status} tabIndex={-1}>
          <OutcomeNote outcome={outcome} onOpen={onOpen} />
        </div>
      )}
      <form onSubmit={submit} className="stack" data-testid="report-form">
        <label>
          {t('title')}
          <input required minLength={2} maxLength={200} value={p.title} onChange={(e) => set({ title: e.target.value })} name="report-title" />
        </label>
        <CategoryPicker categories={categories} value={p.category} onChange={(category) => set({ category })} name="report-category" />
        <label>
          {t('description')}
          <textarea maxLength={4000} value={p.description} onChange={(e) => set({ description: e.target.value })} name="report-description" />
        </label>
        <label>
          {t('address')}
          <input maxLength={300} value={p.address} onChange={(e) => set({ address: e.target.value })} name="report-address" />
        </label>
        <LocationField value={p.location} onChange={(location) => set({ location })} root={user.role === 'grid_worker' ? user.scope : undefined} />
        <PhotoField photos={p.photos} onAdd={(sha) => setP((x) => ({ ...x, photos: [...x.photos, sha] }))} onError={setError} testId="report-photo" />
        {categoriesError && <ErrorNote error={categoriesError} />}
        {error && <ErrorNote error={error} />}
        <button type="submit" className="primary" disabled={busy} data-testid="report-submit">
          {t('reportNow')}
        </button>
      </form>
    </section>
  );
}

function PhotoField({ photos, onAdd, onError, testId }: { photos: string[]; onAdd: (sha: string) => void; onError: (e: ApiError) => void; testId: string }) {
  const { t } = useI18n();
  return (
    <label className="file-btn">
      <span aria-hidden="true">📷</span> {t('photo')}
      <input
        className="file-input"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        capture="environment"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) uploadPhoto(f).then(onAdd, onError);
        }}
        data-testid={testId}
      />
      {photos.length > 0 && <span className="small">✓ {photos.length}</span>}
    </label>
  );
}

/** "已上报 BTQ-… " or "已合并到 BTQ-… 《title》" (a duplicate of an open case), tappable to open it. */
function OutcomeNote({ outcome, onOpen }: { outcome: Outcome; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const { incident, original } = outcome;
  if (original)
    return (
      <div className="notice warn" role="status" data-testid="report-merged">
        <p>
          <strong>
            {t('mergedInto')} {original.code}《{original.title}》
          </strong>
        </p>
        <p className="small">{t('mergedHint')}</p>
        <button type="button" className="link" onClick={() => onOpen(original.id)}>
          {t('open')} {original.code}
        </button>
      </div>
    );
  return (
    <div className="notice ok" role="status" data-testid="report-done">
      {t('reported')} {incident.code}《{incident.title}》
      <button type="button" className="link" onClick={() => onOpen(incident.id)}>
        {t('open')}
      </button>
    </div>
  );
}

/** 民情日志: the day's round (route, households, notes) with the problems found on it. */
function Diary({ user, categories, onFiled }: { user: User; categories: Category[]; onFiled: () => void }) {
  const { t } = useI18n();
  const [route, setRoute] = useState('');
  const [households, setHouseholds] = useState('0');
  const [notes, setNotes] = useState('');
  const [problems, setProblems] = useState<ProblemDraft[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [filed, setFiled] = useState<Outcome[] | null>(null);
  const set = (n: number, patch: Partial<ProblemDraft>) => setProblems((ps) => ps.map((p, i) => (i === n ? { ...p, ...patch } : p)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const byCode = new Map(categories.map((c) => [c.code, c]));
    try {
      const r = await api<{ problemsFound: number; incidentIds: string[] }>('/api/v1/diaries', {
        method: 'POST',
        headers: { 'idempotency-key': `diary-${user.username ?? 'me'}-${Date.now()}` },
        json: {
          date: today(),
          route,
          householdsVisited: Number(households),
          ...(notes ? { notes } : {}),
          problems: problems.map((p) => ({
            title: p.title,
            ...(p.description ? { description: p.description } : {}),
            category: p.category,
            keyArea: byCode.get(p.category)?.keyArea ?? 'other',
            ...(p.address ? { address: p.address } : {}),
            ...(p.location ? { location: p.location } : {}),
            ...(p.photos.length ? { photos: p.photos } : {}),
          })),
        },
      });
      setFiled(await Promise.all((r.incidentIds ?? []).map((id) => outcomeOf(id))));
      setProblems([]);
      setRoute('');
      setNotes('');
      setHouseholds('0');
      onFiled();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="diary-title">
      <header>
        <h2 id="diary-title">{t('myDiary')}</h2>
      </header>
      {filed && (
        <div className="notice ok" role="status" data-testid="diary-filed">
          <p>
            {t('diaryFiled')} · {filed.length} {t('problemsFiled')}
          </p>
          <ul className="rows compact">
            {filed.map((o) => (
              <li key={o.incident.id} data-testid={o.original ? 'diary-merged' : 'diary-new'}>
                {o.original ? `${t('mergedInto')} ${o.original.code}《${o.original.title}》` : `${t('reported')} ${o.incident.code}《${o.incident.title}》`}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={submit} className="stack" data-testid="diary-form">
        <label>
          {t('route')}
          <input required maxLength={500} value={route} onChange={(e) => setRoute(e.target.value)} placeholder="1-10号楼" name="route" />
        </label>
        <label>
          {t('householdsVisited')}
          <input type="number" inputMode="numeric" min={0} max={10000} required value={households} onChange={(e) => setHouseholds(e.target.value)} name="households" />
        </label>
        <label>
          {t('notes')}
          <textarea maxLength={8000} value={notes} onChange={(e) => setNotes(e.target.value)} name="notes" />
        </label>
        {problems.map((p, n) => (
          <fieldset key={n} className="problem" data-testid="problem">
            <legend>
              {t('problem')} {n + 1}
            </legend>
            <label>
              {t('title')}
              <input required minLength={2} maxLength={200} value={p.title} onChange={(e) => set(n, { title: e.target.value })} name={`problem-${n}-title`} />
            </label>
            <CategoryPicker categories={categories} value={p.category} onChange={(category) => set(n, { category })} name={`problem-${n}-category`} />
            <label>
              {t('description')}
              <textarea maxLength={4000} value={p.description} onChange={(e) => set(n, { description: e.target.value })} />
            </label>
            <label>
              {t('address')}
              <input maxLength={300} value={p.address} onChange={(e) => set(n, { address: e.target.value })} />
            </label>
            <LocationField value={p.location} onChange={(location) => set(n, { location })} root={user.role === 'grid_worker' ? user.scope : undefined} />
            <PhotoField photos={p.photos} onAdd={(sha) => setProblems((ps) => ps.map((x, i) => (i === n ? { ...x, photos: [...x.photos, sha] } : x)))} onError={setError} testId="photo" />
            <button type="button" className="link" onClick={() => setProblems((ps) => ps.filter((_, i) => i !== n))}>
              {t('remove')} {t('problem')} {n + 1}
            </button>
          </fieldset>
        ))}
        <button type="button" onClick={() => setProblems((ps) => [...ps, blank()])} data-testid="add-problem">
          + {t('addProblem')}
        </button>
        {error && <ErrorNote error={error} />}
        <button type="submit" className="primary" disabled={busy} data-testid="file-diary">
          {t('fileDiary')}
        </button>
      </form>
    </section>
  );
}
