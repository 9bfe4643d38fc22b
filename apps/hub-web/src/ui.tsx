import { useId, type ReactNode } from 'react';
import type { ApiError, Loadable } from './api';
import { useI18n, type Label } from './i18n';
import { TRAFFIC_LIGHT_LABELS } from './labels';
import type { LightColour } from './types';

/** Why a panel is empty, in the reader's language: unavailable (down / not deployed), forbidden, or the error. */
export function ErrorNote({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  const text = error.status === 403 ? t('forbidden') : error.routeMissing ? t('notLanded') : error.unavailable ? t('unavailableHint') : `${error.code}: ${error.message}`;
  return (
    <div className="unavailable" role="status" data-testid="unavailable">
      <strong>{error.status === 403 ? t('forbidden') : t('unavailable')}</strong>
      <span>{text}</span>
      {onRetry && (
        <button type="button" className="link" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

/** A board/desk panel: a titled region that shows its own loading and "unavailable" states. */
export function Panel<T>({
  title,
  load,
  children,
  className,
  actions,
  testId,
}: {
  title: string;
  load?: Loadable<T> | Loadable<T>[];
  children: ReactNode | ((data: T) => ReactNode);
  className?: string;
  actions?: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const loads = load === undefined ? [] : Array.isArray(load) ? load : [load];
  const first = loads[0];
  // useId, not the title: a Chinese title has no \w characters, and every panel was named by the first one's heading.
  const id = `p${useId().replace(/[^\w-]/g, '')}`;
  let body: ReactNode;
  if (first && first.data === undefined && first.error) body = <ErrorNote error={first.error} onRetry={first.reload} />;
  else if (first && first.data === undefined) body = <p className="muted">{t('loading')}</p>;
  else body = typeof children === 'function' ? (children as (d: T) => ReactNode)(first?.data as T) : children;
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={id} data-testid={testId}>
      <header>
        <h2 id={id}>{title}</h2>
        {actions}
      </header>
      <div className="panel-body">{body}</div>
    </section>
  );
}

export const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v.toFixed(2)}%`);
export const num = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toLocaleString('zh-CN'));

export function Figure({ label, value, testId, tone }: { label: string; value: string; testId?: string; tone?: string }) {
  return (
    <div className={`figure ${tone ?? ''}`} data-testid={testId}>
      <span className="figure-value">{value}</span>
      <span className="figure-label">{label}</span>
    </div>
  );
}

export function LightDot({ light, label }: { light?: LightColour | null; label?: Label | null }) {
  const { L } = useI18n();
  if (!light) return <span className="muted">—</span>;
  const text = L(label ?? TRAFFIC_LIGHT_LABELS[light]);
  return (
    <span className={`light light-${light}`} title={text}>
      <span aria-hidden="true" className="dot" />
      <span className="sr-only">{text}</span>
    </span>
  );
}

export const fmtTime = (iso: string | null | undefined, lang: 'zh' | 'en'): string =>
  iso ? new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—';

/** A short grid path for tables: the part below the street (c01.g2_03.g3_11). */
export const shortPath = (p: string | null | undefined): string => (p ? p.split('.').slice(3).join('.') || p : '—');

/** A select's options, one per code of a label table, named in the reader's language (never the code). */
export function LabelOptions({ labels }: { labels: Record<string, Label> }) {
  const { L } = useI18n();
  return (
    <>
      {Object.entries(labels).map(([k, v]) => (
        <option key={k} value={k}>
          {L(v)}
        </option>
      ))}
    </>
  );
}

/** A form's two buttons: submit (named by `children`, off while busy) and cancel. */
export function FormActions({ busy, testId, onCancel, children }: { busy: boolean; testId: string; onCancel: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={busy} data-testid={testId}>
        {children}
      </button>
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}

/**
 * A record's actions (办理): a button per action allowed now (pressed while its form is open), the
 * last action's notice while no form is open, the open form, and the error of the last attempt.
 */
export function ActionBar({ label, empty, buttons, pressed, onPick, notice, form, error }: {
  label: string;
  empty: string;
  buttons: { key: string; label: string; testId: string }[];
  pressed: string | null;
  onPick: (key: string) => void;
  notice: string | null;
  form: ReactNode;
  error: ApiError | null;
}) {
  return (
    <>
      <div className="actions" role="group" aria-label={label}>
        {buttons.length === 0 && <span className="muted">{empty}</span>}
        {buttons.map((b) => (
          <button key={b.key} type="button" onClick={() => onPick(b.key)} aria-pressed={pressed === b.key} data-testid={b.testId}>
            {b.label}
          </button>
        ))}
      </div>
      {notice && !form && (
        <p className="notice ok" role="status">
          {notice}
        </p>
      )}
      {form}
      {error && <ErrorNote error={error} />}
    </>
  );
}
