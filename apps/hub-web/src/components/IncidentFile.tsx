import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, useApi, type User } from '../api';
import { useI18n } from '../i18n';
import { CLOSURE_TYPE_LABELS, duration, limitWords, noteWords, systemName, UNIT_NAMES } from '../labels';
import { useGridNames } from '../names';
import { ACTION_LABELS, ACTION_NEEDS, allowedActions, STATE_LABELS, type Incident } from '../types';
import { ActionBar, ErrorNote, fmtTime, FormActions, LabelOptions, LightDot } from '../ui';
import { Photo } from './Photo';

const PinMap = lazy(() => import('./PinMap'));

/** History entries the desk's buttons do not have: joint-dispatch assists (协办), reclassification, recurrences. */
const HISTORY_LABELS: Record<string, { zh: string; en: string }> = {
  assist_accept: { zh: '协办签收', en: 'Assist accepted' },
  assist_handle: { zh: '协办反馈', en: 'Assist reported back' },
  assist_return: { zh: '协办退回', en: 'Assist returned' },
  reclassify: { zh: '重新分类', en: 'Reclassified' },
  urge: { zh: '催办', en: 'Urged' },
  urge_acknowledge: { zh: '催办签收', en: 'Urging acknowledged' },
  urge_raise: { zh: '催办升级', en: 'Urging raised' },
  recurrence_linked: { zh: '复发关联', en: 'Recurrence linked' },
};
const historyLabel = (a: string) => ACTION_LABELS[a] ?? HISTORY_LABELS[a];

type Dept = { id: string; name: string };
/** The departments (for dispatch and for names in the history), read once. */
export function useDepartments(enabled = true): Dept[] {
  const d = useApi<{ items: Dept[] } | Dept[]>(enabled ? '/api/v1/departments?limit=100' : null);
  return Array.isArray(d.data) ? d.data : (d.data?.items ?? []);
}

/** Uploads one photo (raw bytes) and answers its sha256. */
export async function uploadPhoto(file: File): Promise<string> {
  const r = await api<{ sha256: string }>('/api/v1/photos', { method: 'POST', body: file, headers: { 'content-type': file.type || 'image/jpeg' } });
  return r.sha256;
}

/**
 * One incident's file (案件档案): where (map, address, grid name), who (unit, department, people in
 * the history), the clock in days and hours, the history in words, the photos before and after,
 * and the actions the role may take. Used by the desk, the units' pages and the phone.
 */
export function IncidentFile({ id, user, onChanged, onClose, headingLevel = 2, compact = false, waiting }: { id: string; user: User; onChanged?: () => void; onClose?: () => void; headingLevel?: 2 | 3; compact?: boolean; /** what the caller's work queue says this case waits for (an assist's accept/handle) */ waiting?: string }) {
  const { t, L, lang } = useI18n();
  const inc = useApi<Incident>(`/api/v1/incidents/${id}`);
  const [acting, setActing] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const departments = useDepartments();
  const gridName = useGridNames();
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus moves to the file that opened (keyboard and screen-reader users land on its title).
  useEffect(() => {
    if (inc.data) heading.current?.focus();
  }, [inc.data?.id]);
  if (!inc.data) return inc.error ? <ErrorNote error={inc.error} onRetry={inc.reload} /> : <p className="muted">{t('loading')}</p>;
  const i = inc.data;
  const own = allowedActions(user.role, i.state, i.unit, user.unit);
  const actions = waiting && ACTION_LABELS[waiting] && !own.includes(waiting) ? [waiting, ...own] : own;
  const deptName = (did: string | null | undefined) => departments.find((d) => d.id === did)?.name;
  const done = (a: string) => {
    setActing(null);
    setError(null);
    setNotice(`${L(ACTION_LABELS[a], '')} · ${t('done')}`);
    inc.reload();
    onChanged?.();
  };
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article aria-labelledby={`inc-title-${i.id}`} data-testid="incident" className="incident-file">
      <header>
        <H id={`inc-title-${i.id}`} tabIndex={-1} ref={heading}>
          <span className="mono">{i.code}</span> {i.title}
        </H>
        {onClose && (
          <button type="button" className="link" onClick={onClose} aria-label={`${t('close')} ${i.code}`}>
            ✕
          </button>
        )}
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
          <dd data-testid="incident-grid">{gridName(i.gridPath)}</dd>
        </div>
        <div>
          <dt>{t('address')}</dt>
          <dd data-testid="incident-address">{i.address || '—'}</dd>
        </div>
        {i.unit && (
          <div>
            <dt>{t('unit')}</dt>
            <dd>{L(UNIT_NAMES[i.unit], '—')}</dd>
          </div>
        )}
        {i.departmentId && (
          <div>
            <dt>{t('department')}</dt>
            <dd>{deptName(i.departmentId) ?? '—'}</dd>
          </div>
        )}
        <div>
          <dt>{t('reportedAt')}</dt>
          <dd>{fmtTime(i.reportedAt, lang)}</dd>
        </div>
      </dl>
      {i.description && <p className="prose">{i.description}</p>}
      {i.location && (
        <Suspense fallback={null}>
          <PinMap value={i.location} root={i.gridPath} label={`${t('map')}: ${i.title}`} height={compact ? 160 : 200} />
        </Suspense>
      )}
      {i.clock && (
        <div className={`clock light-${i.clock.light}`} data-testid="clock">
          <LightDot light={i.clock.light} label={i.clock.lightLabel} />
          <strong>{L(i.clock.lightLabel)}</strong>
          <span>
            {t('deadline')} {fmtTime(i.clock.deadline, lang)}（{limitWords(i.clock.limit.value, i.clock.limit.unit, lang)}）
          </span>
          <span data-testid="clock-left">{i.clock.overdue ? `${t('overdueBy')} ${duration(i.clock.overdueMinutes, lang)}` : `${t('remaining')} ${duration(i.clock.remainingMinutes, lang)}`}</span>
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
            ).map(([label, set]) => (
              <figure key={label}>
                <figcaption>{t(label)}</figcaption>
                <div className="photos">{set.length ? set.map((p, n) => <Photo key={p} sha256={p} alt={`${t(label)} ${n + 1}`} />) : <span className="muted">—</span>}</div>
              </figure>
            ))}
          </div>
        </>
      )}
      {i.result && (
        <p>
          <strong>{t('result')}：</strong> {i.result}
        </p>
      )}
      <h3>{t('actions')}</h3>
      <ActionBar
        label={`${t('actions')} ${i.code}`}
        empty="—"
        buttons={actions.map((a) => ({ key: a, label: L(ACTION_LABELS[a], '—'), testId: `action-${a}` }))}
        pressed={acting}
        onPick={setActing}
        notice={notice}
        form={acting && <ActionForm incident={i} action={acting} departments={departments} onDone={() => done(acting)} onCancel={() => setActing(null)} onError={setError} />}
        error={error}
      />
      <h3>{t('history')}</h3>
      <ol className="history" data-testid="history">
        {(i.history ?? []).map((h) => (
          <li key={h.seq}>
            <span className="muted">{fmtTime(h.at, lang)}</span> <strong>{L(historyLabel(h.action), '—')}</strong>
            {STATE_LABELS[h.toState] && h.toState !== h.fromState && <> → {L(STATE_LABELS[h.toState])}</>}
            {h.byName && (
              <span className="muted">
                {' · '}
                <span translate="no">{systemName(h.byName, lang)}</span>
              </span>
            )}
            {h.note && <div className="small">{noteWords(h.note, lang, deptName)}</div>}
          </li>
        ))}
      </ol>
    </article>
  );
}

function ActionForm({ incident, action, departments, onDone, onCancel, onError }: { incident: Incident; action: string; departments: Dept[]; onDone: () => void; onCancel: () => void; onError: (e: ApiError | null) => void }) {
  const { t, L } = useI18n();
  const needs = ACTION_NEEDS[action] ?? [];
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  // 派遣建议: the unit and department the incident's category suggests (the dispatch rules), not one fixed unit.
  const [unit, setUnit] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const suggestion = useApi<{ unit: string | null; departments: { id: string | null }[] }>(action === 'dispatch' ? `/api/v1/incidents/${incident.id}/dispatch-suggestion` : null);
  const picked = useRef(false); // the desk's own choice is never overwritten by a late suggestion
  useEffect(() => {
    if (!suggestion.data || picked.current) return;
    setUnit(suggestion.data.unit ?? '');
    setDepartmentId(suggestion.data.departments.find((d) => d.id)?.id ?? '');
  }, [suggestion.data]);
  const [result, setResult] = useState('');
  const [value, setValue] = useState('1');
  const [photos, setPhotos] = useState<string[]>([]);
  const [closureType, setClosureType] = useState(incident.state === 'verified' || incident.state === 'escalated' ? 'fixed' : 'closed_not_fixed');
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLFormElement>(null);
  // Focus moves to the form that opened.
  useEffect(() => {
    first.current?.querySelector<HTMLElement>('select, textarea, input')?.focus();
  }, [action]);

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
    if (photos.length) body.photos = photos;
    try {
      await api(`/api/v1/incidents/${incident.id}/${action}`, { method: 'POST', json: body, headers: { 'idempotency-key': `${action}-${incident.id}-${Date.now()}` } });
      onDone();
    } catch (err) {
      onError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const addPhoto = async (file: File | undefined) => {
    if (!file) return;
    try {
      const sha = await uploadPhoto(file);
      setPhotos((p) => [...p, sha]);
    } catch (e) {
      onError(e as ApiError);
    }
  };

  return (
    <form ref={first} className="action-form" onSubmit={submit} aria-label={`${L(ACTION_LABELS[action], '—')} ${incident.code}`} data-testid="action-form">
      {action === 'dispatch' && (
        <>
          <label>
            {t('unit')}
            <select
              value={unit}
              onChange={(e) => {
                picked.current = true;
                setUnit(e.target.value);
              }}
              data-testid="dispatch-unit"
            >
              <option value="">—</option>
              <LabelOptions labels={UNIT_NAMES} />
            </select>
          </label>
          <label>
            {t('department')}
            <select
              value={departmentId}
              onChange={(e) => {
                picked.current = true;
                setDepartmentId(e.target.value);
              }}
            >
              <option value="">—</option>
              {departments.map((d) => (
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
          <textarea required minLength={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="action-reason" />
        </label>
      )}
      {needs.includes('result') && (
        <label>
          {t('result')}
          <textarea required minLength={2} value={result} onChange={(e) => setResult(e.target.value)} data-testid="action-result" />
        </label>
      )}
      {(action === 'handle' || action === 'verify') && (
        <label className="file-btn">
          <span aria-hidden="true">📷</span> {t(action === 'handle' ? 'photosHandled' : 'photosVerified')}
          <input className="file-input" type="file" accept="image/jpeg,image/png,image/webp" capture="environment" onChange={(e) => void addPhoto(e.target.files?.[0])} data-testid="result-photo" />
          {photos.length > 0 && <span className="small">✓ {photos.length}</span>}
        </label>
      )}
      {needs.includes('value') && (
        <label>
          {t('extendBy')}
          <input type="number" min={1} max={90} required value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
      )}
      {needs.includes('closureType') && (
        <label>
          {t('closureType')}
          <select value={closureType} onChange={(e) => setClosureType(e.target.value)}>
            <LabelOptions labels={CLOSURE_TYPE_LABELS} />
          </select>
        </label>
      )}
      <label>
        {t('note')}
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <FormActions busy={busy} testId="action-submit" onCancel={onCancel}>
        {t('submit')} · {L(ACTION_LABELS[action], '—')}
      </FormActions>
    </form>
  );
}
