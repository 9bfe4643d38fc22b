// One Jest config for the whole monorepo. @swc/jest compiles TypeScript (with decorator metadata,
// which Nest's DI needs) far faster than ts-jest on a 2-core machine; type checking is `tsc` in `npm test`.
const swc = require('./scripts/swc-options');
const moduleNameMapper = {
  '^@grid122/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@grid122/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swc] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
  // A few CommonJS packages depend on ESM-only ones (Node 20.19+ loads them natively, Jest does not).
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition)/)'],
};
module.exports = {
  // A global option (Jest ignores it per project). Generous: e2e tests boot real apps on 2 shared cores.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/apps/*/src/**/*.spec.ts', '<rootDir>/libs/*/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/*/test/**/*.e2e-spec.ts', '<rootDir>/libs/*/test/**/*.e2e-spec.ts', '<rootDir>/deploy/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
    },
    {
      // Fault injection: the suite as child processes, kill -9, NATS and Postgres restarts (npm run test:faults).
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/apps/*/test/**/*.fault-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
    },
    {
      // Street -> district federation over NATS leaf nodes (npm run test:federation).
      ...common,
      displayName: 'federation',
      testMatch: ['<rootDir>/apps/*/test/**/*.federation-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
    },
  ],
};
