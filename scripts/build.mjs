#!/usr/bin/env node
// Builds every app into dist/ (tsc, then path aliases rewritten) and the web page, if present.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/provision.mjs';
import { log, run } from './lib/sh.mjs';

export function build() {
  log('building the nine apps (tsc)…');
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT });
  run(join(ROOT, 'node_modules/.bin/tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: ROOT });
  if (existsSync(join(ROOT, 'apps/hub-web/vite.config.ts')) || existsSync(join(ROOT, 'apps/hub-web/vite.config.mjs'))) {
    log('building the web page (vite)…');
    run(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: join(ROOT, 'apps/hub-web') });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) build();
