/** The dependency rules `npm test` checks (see CONVENTIONS: libs stay narrow, apps stay apart). */
module.exports = {
  forbidden: [
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-app-imports-another-app',
      comment: 'Apps talk over NATS. Only the gateway e2e tests boot other apps (the suite test harness).',
      severity: 'error',
      from: { path: '^apps/([^/]+)/src/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'gateway-never-imports-service-internals',
      comment:
        'The gateway knows a service only by its contracts (libs/contracts) and calls it with rpc.call(Contract, request, actor): ' +
        'nothing under apps/<service>/ (entities, repositories, services, DTOs) — a new route is a line in a route table, not a copy of a service type.',
      severity: 'error',
      from: { path: '^apps/gateway/src/' },
      to: { path: '^apps/(?!gateway/)[^/]+/' },
    },
    {
      name: 'gateway-routes-copy-no-requests',
      comment:
        "A service's route validates with the contract's own request class (the route kit reads its rules): no request class of the gateway's for a service's route " +
        '(#21 item 4). Only what is the gateway\'s own declares its rules: config, the hub query, accounts and sign-in (moving to apps/identity), the route kit.',
      severity: 'error',
      from: { path: '^apps/gateway/src/', pathNot: '^apps/gateway/src/(config|hub|auth|account|audit|security|routing)/' },
      to: { path: '(^|node_modules/)class-validator(/|$)' },
    },
    {
      name: 'contracts-depend-on-validation-only',
      comment: 'libs/contracts is the language between services: class-validator, class-transformer and reflect-metadata only.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: {
        pathNot: ['^libs/contracts/', 'node_modules/(class-validator|class-transformer|reflect-metadata)/', '^(class-validator|class-transformer|reflect-metadata)$'],
      },
    },
    {
      name: 'contracts-common-is-the-bottom',
      comment:
        "libs/contracts/src/common holds what every service's contracts share (primitives, field decorators, shared request shapes): " +
        "it imports no service's contracts (#21 item 4); what composes them (the hub's figures) has its own folder.",
      severity: 'error',
      from: { path: '^libs/contracts/src/common/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/contracts/src/(?!common/)' },
    },
    {
      name: 'access-and-privacy-stay-narrow',
      comment: 'libs/access (scope checks) and libs/privacy (personal data: encryption, masking, hashing) are leaves: Node built-ins only, no other lib, no framework (#21 item 4).',
      severity: 'error',
      from: { path: '^libs/(access|privacy)/' },
      to: { dependencyTypesNot: ['core'], pathNot: '^libs/$1/' },
    },
    {
      name: 'persistence-keeps-persistence-only',
      comment: 'Scope checks live in libs/access and personal-data helpers in libs/privacy, not in libs/persistence.',
      severity: 'error',
      from: { path: '^libs/persistence/' },
      to: { path: '^libs/(access|privacy)/' },
    },
    {
      name: 'no-circular-libs',
      severity: 'error',
      from: { path: '^libs/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|apps/hub-web)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
  },
};
