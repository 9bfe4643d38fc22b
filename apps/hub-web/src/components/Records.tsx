import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, useApi, type User } from '../api';
import { useI18n, type DictKey, type Label } from '../i18n';
import { codeLabel, fieldLabel, systemName } from '../labels';
import { useGridNames } from '../names';
import { ActionBar, fmtTime, FormActions, LabelOptions, num, Panel } from '../ui';
import { rateText } from './Generic';

export type Rec = Record<string, unknown>;

/** One input of an action's form. `officers` asks for two officers' names (the two-officer rule). */
export interface FieldSpec {
  name: string;
  label: Label;
  kind: 'text' | 'textarea' | 'number' | 'select' | 'officers';
  options?: Record<string, Label>;
  required?: boolean;
  min?: number;
  max?: number;
  minLength?: number;
}

/** An action on a record: shown when `when` says the record's state allows it; the service decides. */
export interface ActionSpec {
  key: string;
  label: Label;
  path: (r: Rec) => string | null;
  when: (r: Rec, user: User) => boolean;
  fields?: FieldSpec[];
  /** Extra body fields (e.g. the assignee = me). */
  fixed?: (r: Rec, user: User) => Rec;
}

/** One kind of record a unit works on: where the list is, how a row reads, what can be done. */
export interface RecordKind {
  key: string;
  title: DictKey;
  list: string;
  detail?: (r: Rec) => string;
  /** states whose records are still to be worked on (listed first, counted as the queue) */
  open?: string[];
  stateLabels?: Record<string, Label>;
  actions?: ActionSpec[];
  /** a short line under the title (who, what) */
  sub?: (r: Rec, L: (l: Label | null | undefined, f?: string) => string) => string | null;
}

const isLabel = (v: unknown): v is Label => !!v && typeof v === 'object' && 'zh' in (v as Rec) && 'en' in (v as Rec);
const items = (d: unknown): Rec[] => (Array.isArray(d) ? d : (((d as Rec)?.items ?? (d as Rec)?.rows ?? []) as Rec[]));
const pick = (r: Rec, keys: string[]) => keys.map((k) => r[k]).find((v) => v !== undefined && v !== null && v !== '');
export const recTitle = (r: Rec): string => String(pick(r, ['title', 'summary', 'topic', 'name', 'caseTitle', 'reason', 'requirements', 'notes', 'findings']) ?? '—');
export const recCode = (r: Rec): string | null => (pick(r, ['ref', 'code']) as string | undefined) ?? null;

/**
 * A unit's queue of one record kind: open ones first, each row a button that opens the record's
 * file beside the list (focus moves to it), with the actions the record's state allows.
 */
export function RecordQueue({ kind, user }: { kind: RecordKind; user: User }) {
  const { t, L, lang } = useI18n();
  const load = useApi<unknown>(kind.list, 60_000);
  const [openId, setOpenId] = useState<string | null>(null);
  const gridName = useGridNames();
  const stateText = (r: Rec) => {
    const l = pick(r, ['stateLabel', 'statusLabel', 'label', 'kindLabel']);
    if (isLabel(l)) return L(l);
    const code = pick(r, ['state', 'status']);
    const m = (typeof code === 'string' && kind.stateLabels?.[code]) || codeLabel(code);
    return m ? L(m) : null;
  };
  const rows = items(load.data);
  const open = kind.open ? rows.filter((r) => kind.open!.includes(String(r.state ?? r.status))) : rows;
  const rest = kind.open ? rows.filter((r) => !kind.open!.includes(String(r.state ?? r.status))) : [];
  const sorted = [...open, ...rest].slice(0, 30);
  const selected = sorted.find((r) => r.id === openId) ?? null;
  // A row's accessible name is its text; rows that read alike (two household visits by the same
  // worker in one compound at one hour) get their position so a screen-reader user can tell them apart.
  const rowText = (r: Rec) => [recCode(r), recTitle(r), kind.sub?.(r, L), stateText(r)].filter(Boolean).join(' ');
  const alike = new Map<string, number>();
  for (const r of sorted) alike.set(rowText(r), (alike.get(rowText(r)) ?? 0) + 1);
  const seen = new Map<string, number>();
  const rowName = (r: Rec, when: unknown): string | undefined => {
    const text = rowText(r);
    if ((alike.get(text) ?? 0) < 2) return undefined;
    const n = (seen.get(text) ?? 0) + 1;
    seen.set(text, n);
    return `${text}${typeof when === 'string' ? ` ${fmtTime(when, lang)}` : ''} ${lang === 'zh' ? `第 ${n} 条` : `#${n}`}`;
  };
  return (
    <Panel title={t(kind.title)} load={load} className="queue" testId={`queue-${kind.key}`} actions={kind.open ? <span className="tag" data-testid={`queue-${kind.key}-open`}>{lang === 'zh' ? `待办 ${open.length}` : `${open.length} open`}</span> : undefined}>
      {() =>
        sorted.length === 0 ? (
          <p className="muted">{t('empty')}</p>
        ) : (
          <div className={`queue-body ${selected ? 'with-file' : ''}`}>
            <ul className="rows records">
              {sorted.map((r) => {
                const id = String(r.id);
                const code = recCode(r);
                const st = stateText(r);
                const where = typeof r.gridName === 'string' ? r.gridName : typeof r.gridPath === 'string' && r.gridPath.split('.').length > 3 ? gridName(r.gridPath) : null;
                const when = pick(r, ['dueAt', 'complyBy', 'acceptDueAt', 'replyDueAt', 'deadline', 'startsAt', 'openedAt', 'receivedAt', 'visitedAt', 'inspectedAt', 'createdAt']);
                const sub = kind.sub?.(r, L);
                return (
                  <li key={id} className={openId === id ? 'selected' : ''}>
                    <button type="button" className="row-open" aria-label={rowName(r, when)} aria-expanded={openId === id} aria-controls={`file-${kind.key}`} onClick={() => setOpenId(openId === id ? null : id)} data-testid={`open-${kind.key}`}>
                      <span className="row-main">
                        <span className="row-title">
                          {code && <span className="mono">{code} </span>}
                          {recTitle(r)}
                        </span>
                        {(sub || where) && <span className="muted small">{[sub, where].filter(Boolean).join(' · ')}</span>}
                      </span>
                      {st && <span className="tag">{st}</span>}
                      {typeof when === 'string' && <span className="muted small">{fmtTime(when, lang)}</span>}
                    </button>
                  </li>
                );
              })}
            </ul>
            <div id={`file-${kind.key}`}>{selected && <RecordFile key={String(selected.id)} kind={kind} summary={selected} user={user} onChanged={load.reload} onClose={() => setOpenId(null)} />}</div>
          </div>
        )
      }
    </Panel>
  );
}

const SKIP = new Set(['id', 'gridId', 'incidentId', 'caseId', 'noticeId', 'recordedById', 'openedById', 'deliveredById', 'buildingId', 'recipientId', 'secretaryId', 'departmentId', 'allowedActions', 'location', 'storePath', 'householdRef', 'scope', 'current', 'masked', 'mismatch', 'expectedKind', 'collective', 'repeat']);

/** Scalar fields of a record, named and in words; nested records as small lists. */
export function RecordFields({ r }: { r: Rec }) {
  const { L, lang } = useI18n();
  const gridName = useGridNames();
  const rows: [string, string, string, boolean][] = [];
  const nested: [string, string, Rec[]][] = [];
  for (const [k, v] of Object.entries(r)) {
    if (SKIP.has(k) || k.endsWith('Label') || v === null || v === undefined || v === '') continue;
    const name = fieldLabel(k);
    if (!name) continue;
    let text: string | null = null;
    let person = false;
    if (typeof v === 'string') {
      if (k === 'gridPath') text = gridName(v);
      else if (/At$|By$|Due|^complyBy$|^deadline$/.test(k) && /^\d{4}-\d{2}-\d{2}T/.test(v)) text = fmtTime(v, lang);
      else if (isLabel(r[`${k}Label`])) text = L(r[`${k}Label`] as Label);
      else if (/^[a-z][a-z_]+$/.test(v)) text = codeLabel(v) ? L(codeLabel(v)) : null;
      else if (/Name$|By$/.test(k)) {
        text = systemName(v, lang);
        person = true;
      } else if (!/^[0-9a-f-]{36}$/.test(v)) text = v;
    } else if (typeof v === 'number') text = rateText(k, v) ?? num(v);
    else if (typeof v === 'boolean') text = v ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no';
    else if (isLabel(v)) text = L(v);
    else if (Array.isArray(v) && v.length && typeof v[0] === 'object') nested.push([k, L(name), v as Rec[]]);
    else if (v && typeof v === 'object' && typeof (v as Rec).name === 'string') {
      text = systemName(String((v as Rec).name), lang);
      person = true;
    }
    if (text) rows.push([k, L(name), text, person]);
  }
  return (
    <>
      <dl className="kv">
        {rows.map(([k, n, v, person]) => (
          <div key={k} className={v.length > 40 ? 'wide' : ''}>
            <dt>{n}</dt>
            <dd translate={person ? 'no' : undefined}>{v}</dd>
          </div>
        ))}
      </dl>
      {nested.map(([k, n, list]) => (
        <div key={k}>
          <h4>{n}</h4>
          <ul className="rows compact">
            {list.slice(0, 10).map((x, i) => (
              <li key={String(x.id ?? i)}>
                <span className="grow-wrap">{[recCode(x), recTitle(x) !== '—' ? recTitle(x) : null, typeof x.notes === 'string' ? x.notes : null].filter(Boolean).join(' · ') || '—'}</span>
                {(() => {
                  const st = pick(x, ['stateLabel', 'label', 'status', 'result', 'finding', 'kind']);
                  const l = isLabel(st) ? st : codeLabel(st);
                  return l ? <span className="tag">{L(l)}</span> : null;
                })()}
                {typeof pick(x, ['inspectedAt', 'issuedAt', 'heldAt', 'startsAt', 'at']) === 'string' && <span className="muted small">{fmtTime(pick(x, ['inspectedAt', 'issuedAt', 'heldAt', 'startsAt', 'at']) as string, lang)}</span>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

function RecordFile({ kind, summary, user, onChanged, onClose }: { kind: RecordKind; summary: Rec; user: User; onChanged: () => void; onClose: () => void }) {
  const { t, L } = useI18n();
  const detail = useApi<Rec>(kind.detail ? kind.detail(summary) : null);
  const r = detail.data ?? summary;
  const [acting, setActing] = useState<ActionSpec | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const actions = (kind.actions ?? []).filter((a) => a.when(r, user) && a.path(r));
  const done = (a: ActionSpec) => {
    setActing(null);
    setError(null);
    setNotice(`${L(a.label)} · ${t('done')}`);
    detail.reload();
    onChanged();
  };
  const code = recCode(r);
  return (
    <article className="record-file" aria-labelledby={`rec-${kind.key}-${String(r.id)}`} data-testid={`file-${kind.key}`}>
      <header>
        <h3 id={`rec-${kind.key}-${String(r.id)}`} tabIndex={-1} ref={heading}>
          {code && <span className="mono">{code} </span>}
          {recTitle(r)}
        </h3>
        <button type="button" className="link" onClick={onClose} aria-label={`${t('close')} ${code ?? recTitle(r)}`}>
          ✕
        </button>
      </header>
      <RecordFields r={r} />
      {kind.actions && (
        <>
          <ActionBar
            label={`${t('actions')} ${code ?? ''}`}
            empty={t('noActions')}
            buttons={actions.map((a) => ({ key: a.key, label: L(a.label), testId: `${kind.key}-action-${a.key}` }))}
            pressed={acting?.key ?? null}
            onPick={(k) => setActing(actions.find((a) => a.key === k) ?? null)}
            notice={notice}
            form={acting && <RecordActionForm key={acting.key} action={acting} r={r} user={user} onDone={() => done(acting)} onCancel={() => setActing(null)} onError={setError} />}
            error={error}
          />
        </>
      )}
    </article>
  );
}

function RecordActionForm({ action, r, user, onDone, onCancel, onError }: { action: ActionSpec; r: Rec; user: User; onDone: () => void; onCancel: () => void; onError: (e: ApiError | null) => void }) {
  const { t, L } = useI18n();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries((action.fields ?? []).map((f) => [f.name, f.kind === 'select' && f.options ? Object.keys(f.options)[0] : ''])));
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  const set = (k: string, v: string) => setValues((s) => ({ ...s, [k]: v }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    onError(null);
    const body: Rec = { ...(action.fixed?.(r, user) ?? {}) };
    for (const f of action.fields ?? []) {
      if (f.kind === 'officers') body[f.name] = [values[`${f.name}.0`], values[`${f.name}.1`]].filter(Boolean).map((name) => ({ name }));
      else if (values[f.name] === '' && !f.required) continue;
      else body[f.name] = f.kind === 'number' ? Number(values[f.name]) : values[f.name];
    }
    try {
      await api(action.path(r)!, { method: 'POST', json: body, headers: { 'idempotency-key': `${action.key}-${String(r.id)}-${Date.now()}` } });
      onDone();
    } catch (err) {
      onError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form ref={form} className="action-form" onSubmit={submit} aria-label={L(action.label)} data-testid="record-action-form">
      {(action.fields ?? []).map((f) =>
        f.kind === 'officers' ? (
          <fieldset key={f.name} className="officers">
            <legend>{L(f.label)}</legend>
            {[0, 1].map((n) => (
              <label key={n}>
                {t('officer')} {n + 1}
                <input required value={values[`${f.name}.${n}`] ?? ''} onChange={(e) => set(`${f.name}.${n}`, e.target.value)} maxLength={50} />
              </label>
            ))}
          </fieldset>
        ) : (
          <label key={f.name}>
            {L(f.label)}
            {f.kind === 'textarea' ? (
              <textarea required={f.required} minLength={f.minLength} value={values[f.name]} onChange={(e) => set(f.name, e.target.value)} />
            ) : f.kind === 'select' ? (
              <select value={values[f.name]} onChange={(e) => set(f.name, e.target.value)}>
                {!f.required && <option value="">—</option>}
                <LabelOptions labels={f.options ?? {}} />
              </select>
            ) : (
              <input type={f.kind === 'number' ? 'number' : 'text'} required={f.required} min={f.min} max={f.max} minLength={f.minLength} value={values[f.name]} onChange={(e) => set(f.name, e.target.value)} />
            )}
          </label>
        ),
      )}
      <FormActions busy={busy} testId="record-action-submit" onCancel={onCancel}>
        {t('submit')} · {L(action.label)}
      </FormActions>
    </form>
  );
}
