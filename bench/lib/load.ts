import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './procs';

/** Runs a load generator as its own process and returns its JSON line. */
export function load<T>(script: string, cfg: unknown): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'grid122-bench-'));
  const file = join(dir, 'cfg.json');
  writeFileSync(file, JSON.stringify(cfg));
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [join(ROOT, 'bench/load', script), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (err += c));
    p.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} exited ${code}: ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${script} printed no result: ${out.slice(-500)} ${err.slice(-1000)}`));
      }
    });
  });
}

export interface CannonResult {
  codes?: Record<string, number>;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
  statuses: Record<string, number>;
}
export interface SeqResult {
  p50: number;
  p99: number;
  errors: number;
  n: number;
  statuses: Record<string, number>;
}

export async function runs<T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await f(i));
  return out;
}
