import { Figure, round } from './stats';
import { log, ONLY, SCALE } from './config';

/** The run's figures, notes, failed phases and details: what bench/results/*.{json,md} hold. */
export interface Row {
  section: string;
  label: string;
  value: Figure;
  goal?: string;
  met?: boolean | null;
  /** suite figure / baseline figure (same measure) */
  ratio?: number | null;
  note?: string;
}
export const rows: Row[] = [];
export const notes: string[] = [];
export const errors: string[] = [];
export const details: Record<string, unknown> = {};

export function add(r: Row): void {
  rows.push(r);
  const goal = r.goal ? ` (goal ${r.goal}: ${r.met === null || r.met === undefined ? 'n/a' : r.met ? 'met' : 'NOT met'})` : '';
  log(`${r.section} · ${r.label}: ${r.value.median} ${r.value.unit} [${r.value.min}…${r.value.max}]${r.ratio != null ? ` ×${r.ratio} baseline` : ''}${goal}`);
}

/** Runs a phase; a failure is recorded and the bench goes on (the script exits non-zero at the end). */
export async function phase(name: string, f: () => Promise<void>): Promise<void> {
  const t = Date.now();
  log(`── ${name}`);
  try {
    await f();
  } catch (e) {
    const msg = `${name}: ${(e as Error).stack ?? e}`;
    errors.push(msg);
    log(`!! ${msg}`);
  }
  log(`   (${Math.round((Date.now() - t) / 1000)} s)`);
}

export function markdown(r: { generatedAt: string; scale: string; parameters: typeof SCALE; launchedFrom: string; machine: Record<string, unknown>; sharedLoadNote: string; figures: Row[]; notes: string[]; errors: string[] }): string {
  const m = r.machine;
  const fmt = (f: Figure) => (Number.isFinite(f.median) ? `${f.median} ${f.unit}` : 'n/a');
  const spread = (f: Figure) => (f.runs.length > 1 ? `${f.min}…${f.max} (±${round(f.spreadPct / 2, 1)}%)` : '1 run');
  const lines = [
    `# grid122 benchmark — ${r.scale} scale`,
    '',
    `Run ${r.generatedAt} by \`${ONLY.length ? `BENCH_ONLY=${ONLY.join(',')} ` : ''}npm run bench${r.scale === 'small' ? ' -- --small' : ''}\`; apps started from **${r.launchedFrom}**.${ONLY.length ? ' **Partial run**: only those sections.' : ''}`,
    '',
    `Machine: ${m.cpuModel}, **${m.cores} cores**, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.os}; ${m.postgresClient}; ${m.natsServer}.`,
    `Load average at start ${JSON.stringify(m.loadAverageAtStart)}, at end ${JSON.stringify(m.loadAverageAtEnd)}. ${r.sharedLoadNote}`,
    '',
    `Scale: ${JSON.stringify(r.parameters)}`,
    '',
    'Each figure is the median of the runs, with the smallest and largest run beside it; the ratio is to the baseline chain measured in the same run.',
    '',
    '| section | figure | median | runs (spread) | × baseline | goal | met |',
    '|---|---|---|---|---|---|---|',
    ...r.figures.map((f) => `| ${f.section} | ${f.label}${f.note ? ` <br><sub>${f.note.replace(/\|/g, '/')}</sub>` : ''} | ${fmt(f.value)} | ${spread(f.value)} | ${f.ratio ?? ''} | ${f.goal ?? ''} | ${f.goal ? (f.met === null || f.met === undefined ? 'n/a' : f.met ? '✅ met' : '❌ not met') : ''} |`),
    '',
  ];
  if (r.notes.length) lines.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  if (r.errors.length) lines.push('## Phases that failed', '', ...r.errors.map((e) => `- \`${e.split('\n')[0]}\``), '');
  lines.push('See docs/performance.md for what was found and changed.', '');
  return lines.join('\n');
}
