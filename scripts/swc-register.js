// Runs TypeScript sources directly (benchmarks, one-off tools): compiles .ts with @swc/core on
// require, with decorator metadata, and resolves the @grid122/* path aliases to libs/*/src.
// Usage: node --require ./scripts/swc-register.js bench/registry/locate.bench.ts
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const { transformSync } = require('@swc/core');
const swcOptions = require('./swc-options');
require('reflect-metadata');

const root = path.resolve(__dirname, '..');
const origResolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const m = /^@grid122\/([a-z-]+)(\/.*)?$/.exec(request);
  if (m) request = path.join(root, 'libs', m[1], 'src', m[2] ?? '');
  return origResolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcOptions, filename });
  module._compile(code, filename);
};
