import type * as C from '@grid122/contracts';
import { lazy, Suspense, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, qs, useApi, type User } from '../api';
import { lastMonth, thisMonth, today } from '../dates';
import { useI18n, type Label } from '../i18n';
import { Link, navigate, usePath } from '../router';
import { UNIT_LABELS } from '../types';
import { ErrorNote, FormActions, num, Panel } from '../ui';

const EChart = lazy(() => import('../components/EChart'));

/** An API string written "中文 (English)": the reader's half. */
const half = (s: string, lang: 'zh' | 'en'): string => {
  const m = /^(.*?)\s*\((.*)\)\s*$/.exec(s);
  return m ? (lang === 'zh' ? m[1] : m[2]) : s;
};

/** The theme page's words (Chinese first). */
const W = {
  title: { zh: '每月一题', en: 'Theme of the month' },
  candidates: { zh: '候选主题', en: 'Candidate themes' },
  adopted: { zh: '已立项主题', en: 'Adopted themes' },
  evidence: { zh: '依据', en: 'Evidence' },
  found: { zh: '近三月发现', en: 'Found (3 months)' },
  previous: { zh: '前三月', en: 'Previous 3 months' },
  recurring: { zh: '复发', en: 'Recurring' },
  places: { zh: '涉及网格', en: 'Grids' },
  communities: { zh: '涉及社区', en: 'Communities' },
  hours: { zh: '耗费工时', en: 'Working hours' },
  trendUp: { zh: '呈上升趋势', en: 'Rising' },
  trendDown: { zh: '呈下降趋势', en: 'Falling' },
  trendNone: { zh: '无明显趋势', en: 'No clear trend' },
  topPlaces: { zh: '主要地点', en: 'Main places' },
  adopt: { zh: '立项', en: 'Adopt' },
  adoptAs: { zh: '立项为本月主题', en: 'Adopt as this month’s theme' },
  themeTitle: { zh: '项目名称', en: 'Project title' },
  owner: { zh: '牵头人', en: 'Owner' },
  units: { zh: '参与组队', en: 'Units involved' },
  departments: { zh: '参与部门', en: 'Departments involved' },
  target: { zh: '目标：减少（%）', en: 'Target: fewer reports (%)' },
  deadline: { zh: '完成时限', en: 'Deadline' },
  note: { zh: '备注', en: 'Note' },
  submit: { zh: '确认立项', en: 'Adopt' },
  before: { zh: '立项前', en: 'Before' },
  after: { zh: '立项后', en: 'After' },
  change: { zh: '变化', en: 'Change' },
  met: { zh: '达标', en: 'Target met' },
  notMet: { zh: '未达标', en: 'Target not met' },
  watching: { zh: '待观察', en: 'Too early to tell' },
  chart: { zh: '立项前后每月问题数', en: 'Reports per month, before and after' },
  category: { zh: '问题类别', en: 'Category' },
  month: { zh: '月份', en: 'Month' },
  back: { zh: '返回每月一题', en: 'Back to the themes' },
  score: { zh: '评分', en: 'Score' },
  already: { zh: '该类别本月已立项', en: 'Already adopted this month' },
} satisfies Record<string, Label>;

type Evidence = C.ThemeEvidence;
type Candidate = C.ThemeCandidates.Candidate;
type WindowFigures = C.ThemeWindowFigures;
type Theme = C.ThemeView;

/** 每月一题: `/themes` (the candidates with their evidence, adoption, the adopted themes) and `/themes/<id>` (one theme's before/after). */
export default function Themes({ user }: { user: User }) {
  const { path } = usePath();
  const id = path.split('/')[2];
  return id ? <ThemePage id={id} /> : <ThemeList user={user} />;
}

function ThemeList({ user }: { user: User }) {
  const { L } = useI18n();
  const { search } = usePath();
  const month = thisMonth();
  const candidates = useApi<{ month: string; candidates: Candidate[] }>(`/api/v1/themes/candidates${qs({ month: lastMonth(), limit: 6 })}`);
  const themes = useApi<{ items: Theme[] }>(`/api/v1/themes${qs({ month })}`);
  const [adopting, setAdopting] = useState<string | null>(search.get('category'));
  const mayAdopt = user.role === 'street_commander';
  const adoptedCats = new Set((themes.data?.items ?? []).filter((th) => th.month === month).map((th) => th.category));

  return (
    <div className="themes-page">
      <h1>{L(W.title)}</h1>
      <Panel title={`${L(W.adopted)} · ${month}`} load={themes} testId="themes-adopted">
        {(d: { items: Theme[] }) =>
          d.items.length === 0 ? (
            <p className="muted">{L({ zh: '本月尚未立项', en: 'Nothing adopted this month yet' })}</p>
          ) : (
            <ul className="rows">
              {d.items.map((th) => (
                <li key={th.id}>
                  <Link to={`/themes/${th.id}`} className="grow">
                    {th.title}
                  </Link>
                  <span className="tag">{th.categoryName}</span>
                  <span>{th.ownerName}</span>
                  <Outcome theme={th} />
                </li>
              ))}
            </ul>
          )
        }
      </Panel>
      <Panel title={`${L(W.candidates)} · ${candidates.data?.month ?? lastMonth()}`} load={candidates} testId="themes-candidates">
        {(d: { candidates: Candidate[] }) =>
          d.candidates.length === 0 ? (
            <p className="muted">{L({ zh: '暂无候选主题', en: 'No candidates' })}</p>
          ) : (
            <ol className="candidates">
              {d.candidates.map((c) => (
                <li key={c.category} className="candidate" data-testid={`candidate-${c.category}`}>
                  <div className="row">
                    <h2 className="grow">{c.categoryName}</h2>
                    <span className="tag">{L(c.keyAreaLabel)}</span>
                    {c.reasonLabels.map((r) => (
                      <span key={r} className="tag tag-alert">
                        {r}
                      </span>
                    ))}
                    <span className="muted">
                      {L(W.score)} {num(Math.round(c.score))}
                    </span>
                  </div>
                  <EvidenceList e={c.evidence} />
                  {mayAdopt &&
                    (adoptedCats.has(c.category) ? (
                      <p className="muted">{L(W.already)}</p>
                    ) : adopting === c.category ? (
                      <AdoptForm candidate={c} onCancel={() => setAdopting(null)} />
                    ) : (
                      <button type="button" className="primary" onClick={() => setAdopting(c.category)} data-testid={`adopt-${c.category}`}>
                        {L(W.adopt)}
                      </button>
                    ))}
                </li>
              ))}
            </ol>
          )
        }
      </Panel>
    </div>
  );
}

function EvidenceList({ e }: { e: Evidence }) {
  const { L } = useI18n();
  const trend = e.trend.trend === 'up' ? W.trendUp : e.trend.trend === 'down' ? W.trendDown : W.trendNone;
  return (
    <>
      <dl className="kv">
        <div>
          <dt>{L(W.found)}</dt>
          <dd>{num(e.found)}</dd>
        </div>
        <div>
          <dt>{L(W.previous)}</dt>
          <dd>{num(e.previousFound)}</dd>
        </div>
        <div>
          <dt>{L(W.recurring)}</dt>
          <dd>{num(e.recurring)}</dd>
        </div>
        <div>
          <dt>{L(W.places)}</dt>
          <dd>{num(e.places)}</dd>
        </div>
        <div>
          <dt>{L(W.hours)}</dt>
          <dd>{num(Math.round(e.workingHours))}</dd>
        </div>
        <div>
          <dt>{L({ zh: '趋势', en: 'Trend' })}</dt>
          <dd>{L(trend)}</dd>
        </div>
      </dl>
      {e.topPlaces.length > 0 && (
        <p className="muted">
          {L(W.topPlaces)}：{e.topPlaces.map((p) => `${p.name}（${p.found}）`).join('、')}
        </p>
      )}
    </>
  );
}

/** The commander adopts a candidate: owner, units, departments, target, deadline (POST /api/v1/themes). */
function AdoptForm({ candidate, onCancel }: { candidate: Candidate; onCancel: () => void }) {
  const { L, t } = useI18n();
  const fid = useId();
  const departments = useApi<{ items: { id: string; name: string }[] } | { id: string; name: string }[]>('/api/v1/departments?limit=100');
  const deptList = Array.isArray(departments.data) ? departments.data : (departments.data?.items ?? []);
  const [title, setTitle] = useState(`${candidate.categoryName}专项治理`);
  const [owner, setOwner] = useState('');
  const [units, setUnits] = useState<string[]>([]);
  const [depts, setDepts] = useState<string[]>([]);
  const [target, setTarget] = useState(30);
  const [deadline, setDeadline] = useState(() => {
    const d = today();
    const [y, m] = d.split('-').map(Number);
    const next = new Date(Date.UTC(y, m + 2, 0)); // end of the month after next
    return next.toISOString().slice(0, 10);
  });
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const key = useRef(`theme-${candidate.category}-${Date.now()}`);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const theme = await api<Theme>('/api/v1/themes', {
        method: 'POST',
        headers: { 'idempotency-key': key.current },
        json: { category: candidate.category, title, ownerName: owner, units, departments: depts, targetReductionPct: target, deadline, ...(note ? { note } : {}) },
      });
      navigate(`/themes/${theme.id}`);
    } catch (err) {
      setError(err as ApiError);
      setBusy(false);
    }
  };
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

  return (
    <form className="action-form" onSubmit={submit} aria-label={`${L(W.adoptAs)}：${candidate.categoryName}`} data-testid="adopt-form">
      <label>
        {L(W.themeTitle)}
        <input ref={first} value={title} onChange={(e) => setTitle(e.target.value)} required minLength={2} maxLength={200} />
      </label>
      <label>
        {L(W.owner)}
        <input value={owner} onChange={(e) => setOwner(e.target.value)} required maxLength={100} data-testid="adopt-owner" />
      </label>
      <fieldset className="row">
        <legend>{L(W.units)}</legend>
        {(['organisation', 'petitions', 'social', 'enforcement'] as const).map((u) => (
          <label key={u} className="check">
            <input type="checkbox" checked={units.includes(u)} onChange={() => setUnits((x) => toggle(x, u))} data-testid={`adopt-unit-${u}`} />
            {L(UNIT_LABELS[u])}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${fid}-d`}>{L(W.departments)}</label>
      <select id={`${fid}-d`} multiple size={4} value={depts} onChange={(e) => setDepts([...e.target.selectedOptions].map((o) => o.value))}>
        {deptList.map((d) => (
          <option key={d.id} value={d.name}>
            {d.name}
          </option>
        ))}
      </select>
      <div className="row">
        <label>
          {L(W.target)}
          <input type="number" min={1} max={100} value={target} onChange={(e) => setTarget(Number(e.target.value))} required />
        </label>
        <label>
          {L(W.deadline)}
          <input type="date" value={deadline} min={today()} onChange={(e) => setDeadline(e.target.value)} required />
        </label>
      </div>
      <label>
        {L(W.note)}
        <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={2} />
      </label>
      {error && <ErrorNote error={error} />}
      <FormActions busy={busy} testId="adopt-submit" onCancel={onCancel}>
        {L(W.submit)}
      </FormActions>
    </form>
  );
}

function Outcome({ theme }: { theme: Theme }) {
  const { L } = useI18n();
  const e = theme.effect;
  const word = e.targetMet === null ? W.watching : e.targetMet ? W.met : W.notMet;
  return (
    <span className={`tag ${e.targetMet ? 'tag-ok' : e.targetMet === false ? 'tag-alert' : ''}`} data-testid="theme-outcome">
      {e.changePct === null ? '' : `${e.changePct > 0 ? '+' : ''}${e.changePct.toFixed(1)}% · `}
      {L(word)}
    </span>
  );
}

/** One theme: the project, its places and people, and its before/after at the same places and category. */
function ThemePage({ id }: { id: string }) {
  const { L, lang } = useI18n();
  const theme = useApi<Theme>(`/api/v1/themes/${id}`);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (theme.data) heading.current?.focus();
  }, [theme.data?.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const option = useMemo(() => {
    const e = theme.data?.effect;
    if (!e) return {};
    const before = e.before.monthly;
    const after = e.after.monthly;
    const n = Math.max(before.length, after.length);
    const font = { fontSize: 16, color: '#e8eef9' };
    return {
      tooltip: { trigger: 'axis', textStyle: { fontSize: 16 } },
      legend: { top: 0, textStyle: font },
      grid: { left: 48, right: 16, top: 40, bottom: 36 },
      xAxis: { type: 'category', data: Array.from({ length: n }, (_, i) => `${after[i]?.month ?? ''}${before[i] ? ` / ${before[i].month}` : ''}`), axisLabel: font },
      yAxis: { type: 'value', minInterval: 1, axisLabel: font, splitLine: { lineStyle: { color: '#2a3a58' } } },
      series: [
        { name: `${L(W.before)}（${half(e.basisLabel, lang)}）`, type: 'bar', data: before.map((m) => m.found), itemStyle: { color: '#a9b7cf' } },
        { name: L(W.after), type: 'bar', data: after.map((m) => m.found), itemStyle: { color: '#5ab0ff' } },
      ],
    };
  }, [theme.data, L, lang]);

  if (theme.error && !theme.data) return <ErrorNote error={theme.error} onRetry={theme.reload} />;
  if (!theme.data) return <p className="muted pad">{L({ zh: '加载中…', en: 'Loading…' })}</p>;
  const th = theme.data;
  const e = th.effect;
  return (
    <div className="themes-page" data-testid="theme-page">
      <p>
        <Link to="/themes">← {L(W.back)}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1} data-testid="theme-title">
        {th.title}
      </h1>
      <div className="theme-grid">
        <Panel title={L({ zh: '项目', en: 'Project' })} testId="theme-project">
          <dl className="kv">
            <div>
              <dt>{L(W.category)}</dt>
              <dd>{th.categoryName}</dd>
            </div>
            <div>
              <dt>{L(W.month)}</dt>
              <dd>{th.month}</dd>
            </div>
            <div>
              <dt>{L(W.owner)}</dt>
              <dd data-testid="theme-owner">{th.ownerName}</dd>
            </div>
            <div>
              <dt>{L(W.target)}</dt>
              <dd>{half(th.target.label, lang)}</dd>
            </div>
            <div>
              <dt>{L(W.deadline)}</dt>
              <dd>{th.deadline}</dd>
            </div>
            <div>
              <dt>{L(W.units)}</dt>
              <dd>{th.units.map((u) => L(UNIT_LABELS[u.code], half(u.label, lang))).join('、') || '—'}</dd>
            </div>
            <div>
              <dt>{L(W.departments)}</dt>
              <dd>{th.departments.join('、') || '—'}</dd>
            </div>
          </dl>
          <p>
            {L(W.places)}：{th.places.map((p) => p.name).join('、') || '—'}
          </p>
          {th.note && <p>{th.note}</p>}
        </Panel>
        <Panel title={L({ zh: '成效', en: 'Effect' })} testId="theme-effect">
          <div className="figure-row">
            <div className="figure">
              <span className="figure-value" data-testid="theme-before">
                {num(e.before.found)}
              </span>
              <span className="figure-label">
                {L(W.before)} {e.before.from} ~ {e.before.to}
              </span>
            </div>
            <div className="figure accent">
              <span className="figure-value" data-testid="theme-after">
                {num(e.after.found)}
              </span>
              <span className="figure-label">
                {L(W.after)} {e.after.from} ~ {e.after.to}
              </span>
            </div>
            <div className="figure">
              <span className="figure-value">{e.changePct === null ? '—' : `${e.changePct > 0 ? '+' : ''}${e.changePct.toFixed(1)}%`}</span>
              <span className="figure-label">{L(W.change)}</span>
            </div>
          </div>
          <p className="muted">{half(e.basisLabel, lang)}</p>
          <Outcome theme={th} />
          <Suspense fallback={null}>
            <EChart option={option} label={L(W.chart)} height={320} testId="theme-chart" />
          </Suspense>
        </Panel>
        {th.evidence && (
          <Panel title={L(W.evidence)} testId="theme-evidence">
            <EvidenceList e={th.evidence} />
          </Panel>
        )}
      </div>
    </div>
  );
}
