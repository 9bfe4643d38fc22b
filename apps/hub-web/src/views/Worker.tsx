import { useState, type FormEvent } from 'react';
import { api, ApiError, qs, useApi, type User } from '../api';
import { today } from '../dates';
import { useI18n } from '../i18n';
import { OPEN_STATES, type Category, type Incident, type Page } from '../types';
import { ErrorNote, fmtTime, LightDot, Panel } from '../ui';

interface ProblemDraft {
  title: string;
  description: string;
  category: string;
  address: string;
  location: { lng: number; lat: number } | null;
  photos: string[];
  locating: 'idle' | 'busy' | 'failed';
}
const blank = (): ProblemDraft => ({ title: '', description: '', category: '', address: '', location: null, photos: [], locating: 'idle' });

/** 网格员 (mobile): today's diary with problems (photo + location), my grid's open incidents, verifications to do. */
export default function Worker({ user }: { user: User }) {
  const { t, L, lang } = useI18n();
  const root = user.role === 'grid_worker' ? user.scope : undefined;
  const cats = useApi<{ items: Category[] }>('/api/v1/categories');
  const mine = useApi<Page<Incident>>(`/api/v1/incidents${qs({ root, limit: 50 })}`, 30_000);
  const verify = useApi<Page<Incident>>(`/api/v1/incidents${qs({ root, state: 'handled', limit: 20 })}`, 30_000);

  const [route, setRoute] = useState('');
  const [households, setHouseholds] = useState('0');
  const [notes, setNotes] = useState('');
  const [problems, setProblems] = useState<ProblemDraft[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [filed, setFiled] = useState<{ problemsFound: number } | null>(null);

  const set = (n: number, patch: Partial<ProblemDraft>) => setProblems((ps) => ps.map((p, i) => (i === n ? { ...p, ...patch } : p)));
  const locate = (n: number) => {
    if (!navigator.geolocation) return set(n, { locating: 'failed' });
    set(n, { locating: 'busy' });
    navigator.geolocation.getCurrentPosition(
      (pos) => set(n, { location: { lng: pos.coords.longitude, lat: pos.coords.latitude }, locating: 'idle' }),
      () => set(n, { locating: 'failed' }),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };
  const upload = async (n: number, file: File | undefined) => {
    if (!file) return;
    try {
      const r = await api<{ sha256: string }>('/api/v1/photos', { method: 'POST', body: file, headers: { 'content-type': file.type || 'image/jpeg' } });
      setProblems((ps) => ps.map((p, i) => (i === n ? { ...p, photos: [...p.photos, r.sha256] } : p)));
    } catch (e) {
      setError(e as ApiError);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const byCode = new Map((cats.data?.items ?? []).map((c) => [c.code, c]));
    try {
      const r = await api<{ problemsFound: number }>('/api/v1/diaries', {
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
      setFiled(r);
      setProblems([]);
      setRoute('');
      setNotes('');
      setHouseholds('0');
      mine.reload();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const doVerify = async (i: Incident) => {
    try {
      await api(`/api/v1/incidents/${i.id}/verify`, { method: 'POST', json: {} });
      verify.reload();
      mine.reload();
    } catch (e) {
      setError(e as ApiError);
    }
  };

  const open = (mine.data?.items ?? []).filter((i) => OPEN_STATES.includes(i.state));

  return (
    <div className="worker" data-testid="worker">
      <section className="panel" aria-labelledby="diary-title">
        <header>
          <h1 id="diary-title">
            {t('myDiary')} · {today()}
          </h1>
        </header>
        {filed && (
          <p className="notice ok" role="status" data-testid="diary-filed">
            {t('diaryFiled')} · {filed.problemsFound} {t('problemsFiled')}
          </p>
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
              <label>
                {t('category')}
                <select required value={p.category} onChange={(e) => set(n, { category: e.target.value })} name={`problem-${n}-category`}>
                  <option value="">—</option>
                  {(cats.data?.items ?? []).map((c) => (
                    <option key={c.code} value={c.code}>
                      {L(c.keyAreaLabel)} · {c.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('description')}
                <textarea maxLength={4000} value={p.description} onChange={(e) => set(n, { description: e.target.value })} />
              </label>
              <label>
                {t('address')}
                <input maxLength={300} value={p.address} onChange={(e) => set(n, { address: e.target.value })} />
              </label>
              <div className="row">
                <button type="button" onClick={() => locate(n)} disabled={p.locating === 'busy'} data-testid="locate">
                  {t('useLocation')}
                </button>
                <span className="small" role="status">
                  {p.location ? `${t('locationSet')} ${p.location.lat.toFixed(5)}, ${p.location.lng.toFixed(5)}` : p.locating === 'failed' ? t('locationFailed') : ''}
                </span>
              </div>
              <label>
                {t('photo')}
                <input type="file" accept="image/jpeg,image/png,image/webp" capture="environment" onChange={(e) => void upload(n, e.target.files?.[0])} data-testid="photo" />
              </label>
              {p.photos.length > 0 && <span className="small">✓ {p.photos.length}</span>}
              <button type="button" className="link" onClick={() => setProblems((ps) => ps.filter((_, i) => i !== n))}>
                {t('remove')}
              </button>
            </fieldset>
          ))}
          <button type="button" onClick={() => setProblems((ps) => [...ps, blank()])} data-testid="add-problem">
            + {t('addProblem')}
          </button>
          {cats.error && <ErrorNote error={cats.error} />}
          {error && <ErrorNote error={error} />}
          <button type="submit" className="primary" disabled={busy} data-testid="file-diary">
            {t('fileDiary')}
          </button>
        </form>
      </section>

      <Panel title={t('toVerify')} load={verify} testId="to-verify">
        {(d: Page<Incident>) =>
          d.items.length === 0 ? (
            <p className="muted">{t('empty')}</p>
          ) : (
            <ul className="rows">
              {d.items.map((i) => (
                <li key={i.id}>
                  <span className="grow">{i.title}</span>
                  <button type="button" onClick={() => void doVerify(i)}>
                    {L({ zh: '核查通过', en: 'Verify' })}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Panel>

      <Panel title={t('myGridOpen')} load={mine} testId="my-open">
        {() =>
          open.length === 0 ? (
            <p className="muted">{t('empty')}</p>
          ) : (
            <ul className="rows">
              {open.map((i) => (
                <li key={i.id}>
                  <LightDot light={i.clock?.light} label={i.clock?.lightLabel} />
                  <span className="grow">{i.title}</span>
                  <span className="tag">{L(i.stateLabel)}</span>
                  <span className="muted">{fmtTime(i.reportedAt, lang)}</span>
                </li>
              ))}
            </ul>
          )
        }
      </Panel>
    </div>
  );
}
