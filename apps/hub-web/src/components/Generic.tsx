import { useI18n } from '../i18n';
import { codeLabel, fieldLabel } from '../labels';
import { useGridNames } from '../names';
import { fmtTime, num } from '../ui';

type Rec = Record<string, unknown>;
const isLabel = (v: unknown): v is { zh: string; en: string } => !!v && typeof v === 'object' && 'zh' in (v as Rec) && 'en' in (v as Rec);

/** A rate as the API gives it: a fraction (0.9565) or already a percentage (95.65). */
export const rateText = (key: string, v: number): string | null => (/rate$/i.test(key) || /Rate\b/.test(key) ? `${(v <= 1 ? v * 100 : v).toFixed(2)}%` : null);

/**
 * Figures of a unit's API reply: its numeric fields (one level of nesting), named in the reader's
 * language from the contracts' labels. A field without a name is left out (never a raw key).
 */
export function FigureList({ data, max = 10, empty }: { data: unknown; max?: number; empty?: string }) {
  const { L } = useI18n();
  const rows: [string, string, number][] = [];
  const walk = (o: unknown, prefix: string, depth: number) => {
    if (!o || typeof o !== 'object' || Array.isArray(o) || depth > 1) return;
    for (const [k, v] of Object.entries(o as Rec)) {
      if (k === 'status' || k === 'ageSeconds') continue;
      const key = prefix ? `${prefix}.${k}` : k;
      if (typeof v === 'number') {
        const own = fieldLabel(k);
        if (!own) continue;
        const parent = prefix ? fieldLabel(prefix) : null;
        rows.push([key, parent && parent.zh !== own.zh ? `${L(parent)} · ${L(own)}` : L(own), v]);
      } else walk(v, key, depth + 1);
    }
  };
  walk(data, '', 0);
  if (!rows.length) return empty ? <p className="muted">{empty}</p> : null;
  return (
    <dl className="kv">
      {rows.slice(0, max).map(([k, name, v]) => (
        <div key={k} data-testid={`figure-${k}`}>
          <dt>{name}</dt>
          <dd>{rateText(k, v) ?? (Number.isInteger(v) ? num(v) : v.toFixed(2))}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A code's label (or an API `{zh,en}` label) in the reader's language; null for an unknown code. */
export function useCodeText(): (v: unknown) => string | null {
  const { L } = useI18n();
  return (v) => (isLabel(v) ? L(v) : (() => {
    const l = codeLabel(v);
    return l ? L(l) : null;
  })());
}

/**
 * A list reply (`{ items }`, `{ rows }`, `{ communities }` or an array) shown with the fields most
 * records have: rank, code, title, state, place (a grid's name), quantity, time.
 */
export function GenericList({ data, empty, max = 12, onOpen }: { data: unknown; empty: string; max?: number; onOpen?: (r: Rec) => void }) {
  const { lang } = useI18n();
  const text = useCodeText();
  const gridName = useGridNames();
  const d = data as Rec;
  const items = (Array.isArray(data) ? data : ((d?.items ?? d?.rows ?? d?.communities ?? d?.members ?? d?.departments ?? []) as unknown[])) as Rec[];
  if (!items.length) return <p className="muted">{empty}</p>;
  const pick = (r: Rec, keys: string[]) => keys.map((k) => r[k]).find((v) => v !== undefined && v !== null && v !== '');
  return (
    <ul className="rows">
      {items.slice(0, max).map((r, i) => {
        const rank = r.rank;
        const code = pick(r, ['code', 'ref', 'caseNo', 'number']);
        const title = pick(r, ['title', 'name', 'subject', 'summary', 'topic', 'displayName', 'gridName', 'personName', 'caseTitle']);
        const label = pick(r, ['stateLabel', 'statusLabel', 'roleLabel', 'kindLabel', 'label', 'categoryLabel', 'levelLabel', 'tierLabel']);
        const state = pick(r, ['state', 'status', 'role', 'kind', 'category', 'type']);
        const tag = label !== undefined ? text(label) : text(state);
        const qty = pick(r, ['stock', 'quantity', 'members', 'balance', 'points']);
        const score = pick(r, ['total', 'score']);
        const when = pick(r, ['dueAt', 'deadline', 'complyBy', 'nextDueAt', 'receivedAt', 'openedAt', 'startsAt', 'visitedAt', 'createdAt', 'reportedAt']);
        const where = typeof r.gridName === 'string' && r.gridName !== title ? r.gridName : typeof r.gridPath === 'string' && r.gridPath.split('.').length > 3 && !r.gridName ? gridName(r.gridPath) : null;
        const body = (
          <>
            {typeof rank === 'number' && <span className="rank" data-testid="rank">{lang === 'zh' ? `第 ${rank} 名` : `#${rank}`}</span>}
            {code !== undefined && <span className="mono">{String(code)}</span>}
            <span className="grow">{isLabel(title) ? text(title) : String(title ?? '—')}</span>
            {tag && <span className="tag">{tag}</span>}
            {typeof qty === 'number' && (
              <span className="qty" data-testid="qty">
                {num(qty)}
                {typeof r.unit === 'string' && r.unit.length <= 3 ? r.unit : ''}
              </span>
            )}
            {typeof score === 'number' && <span className="mono">{score.toFixed(2)}</span>}
            {where && <span className="muted">{where}</span>}
            {typeof when === 'string' && <span className="muted">{fmtTime(when, lang)}</span>}
          </>
        );
        return <li key={String(r.id ?? r.subject ?? r.staffId ?? r.departmentId ?? i)}>{onOpen ? <button type="button" className="row-open" onClick={() => onOpen(r)}>{body}</button> : body}</li>;
      })}
    </ul>
  );
}
