import { useI18n } from '../i18n';
import { fmtTime, num, shortPath } from '../ui';

type Rec = Record<string, unknown>;
const isLabel = (v: unknown): v is { zh: string; en: string } => !!v && typeof v === 'object' && 'zh' in (v as Rec) && 'en' in (v as Rec);

/** Figures of a unit's API reply: its numeric fields (one level of nesting), named as the API names them. */
export function FigureList({ data, max = 10 }: { data: unknown; max?: number }) {
  const rows: [string, number][] = [];
  const walk = (o: unknown, prefix: string, depth: number) => {
    if (!o || typeof o !== 'object' || Array.isArray(o) || depth > 1) return;
    for (const [k, v] of Object.entries(o as Rec)) {
      if (k === 'status' || k === 'ageSeconds') continue;
      if (typeof v === 'number') rows.push([prefix ? `${prefix}.${k}` : k, v]);
      else walk(v, prefix ? `${prefix}.${k}` : k, depth + 1);
    }
  };
  walk(data, '', 0);
  if (!rows.length) return null;
  return (
    <dl className="kv">
      {rows.slice(0, max).map(([k, v]) => (
        <div key={k}>
          <dt>{humanise(k)}</dt>
          <dd>{Number.isInteger(v) ? num(v) : v.toFixed(2)}</dd>
        </div>
      ))}
    </dl>
  );
}

const humanise = (k: string) => k.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/\./g, ' · ').replace(/^./, (c) => c.toUpperCase());

/** A list reply (`{ items }` or an array) shown with the fields most records have: code, title, state, place, time. */
export function GenericList({ data, empty, max = 12 }: { data: unknown; empty: string; max?: number }) {
  const { L, lang } = useI18n();
  const items = (Array.isArray(data) ? data : ((data as Rec)?.items as unknown[]) ?? ((data as Rec)?.rows as unknown[]) ?? []) as Rec[];
  if (!items.length) return <p className="muted">{empty}</p>;
  const pick = (r: Rec, keys: string[]) => keys.map((k) => r[k]).find((v) => v !== undefined && v !== null && v !== '');
  return (
    <ul className="rows">
      {items.slice(0, max).map((r, i) => {
        const code = pick(r, ['code', 'ref', 'caseNo', 'number']);
        const title = pick(r, ['title', 'name', 'subject', 'summary', 'displayName', 'gridName', 'personName']);
        const label = pick(r, ['stateLabel', 'statusLabel', 'label', 'categoryLabel', 'levelLabel', 'tierLabel']);
        const state = pick(r, ['state', 'status', 'category', 'tier']);
        const score = pick(r, ['score', 'total', 'points', 'rank', 'balance', 'quantity']);
        const when = pick(r, ['dueAt', 'deadline', 'nextDueAt', 'receivedAt', 'openedAt', 'startsAt', 'createdAt', 'reportedAt']);
        const where = pick(r, ['gridPath', 'path']);
        return (
          <li key={String(r.id ?? i)}>
            {code !== undefined && <span className="mono">{String(code)}</span>}
            <span className="grow">{String(title ?? '—')}</span>
            {label !== undefined ? <span className="tag">{isLabel(label) ? L(label) : String(label)}</span> : state !== undefined && <span className="tag">{String(state)}</span>}
            {typeof score === 'number' && <span className="mono">{score}</span>}
            {typeof where === 'string' && <span className="muted mono">{shortPath(where)}</span>}
            {typeof when === 'string' && <span className="muted">{fmtTime(when, lang)}</span>}
          </li>
        );
      })}
    </ul>
  );
}
