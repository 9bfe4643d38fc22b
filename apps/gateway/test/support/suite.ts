import { INestApplication } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as argon2 from 'argon2';
import { DataSource, DataSourceOptions } from 'typeorm';
import request from 'supertest';
import { AppName, Role, ServiceName, Unit } from '@grid122/contracts';
import { bootstrapService } from '@grid122/bootstrap';
import { eventually, TestEnv } from '@grid122/testing';
import { AppModule as AppraisalModule } from '../../../appraisal/src/app.module';
import { AppModule as FederationModule } from '../../../federation/src/app.module';
import { AppModule as IdentityModule } from '../../../identity/src/app.module';
import { dataSourceOptions as identityDs } from '../../../identity/src/database/data-source';
import { dataSourceOptions as federationDs } from '../../../federation/src/database/data-source';
import { dataSourceOptions as appraisalDs } from '../../../appraisal/src/database/data-source';
import { AppModule as EnforcementModule } from '../../../enforcement/src/app.module';
import { dataSourceOptions as enforcementDs } from '../../../enforcement/src/database/data-source';
import { AppModule as RegistryModule } from '../../../grid-registry/src/app.module';
import { dataSourceOptions as registryDs } from '../../../grid-registry/src/database/data-source';
import { AppModule as OfficeModule } from '../../../office/src/app.module';
import { dataSourceOptions as officeDs } from '../../../office/src/database/data-source';
import { AppModule as PetitionsModule } from '../../../petitions/src/app.module';
import { dataSourceOptions as petitionsDs } from '../../../petitions/src/database/data-source';
import { AppModule as SocialModule } from '../../../social-services/src/app.module';
import { dataSourceOptions as socialDs } from '../../../social-services/src/database/data-source';
import { loadGatewayEnv } from '../../src/config/gateway.env';
import { dataSourceOptions as gatewayDs } from '../../src/database/data-source';
import { createGateway } from '../../src/gateway.bootstrap';

/**
 * The whole suite in one test process: real Postgres (a private database), a private
 * nats-server, each service booted as its real hybrid app, and the gateway. Used by the
 * gateway's e2e specs, which are the suite's integration tests.
 */
const SERVICE_APPS: Record<ServiceName, { module: () => unknown; ds: () => DataSourceOptions }> = {
  office: { module: () => OfficeModule.forRoot(), ds: () => officeDs() },
  'grid-registry': { module: () => RegistryModule.forRoot(), ds: () => registryDs() },
  petitions: { module: () => PetitionsModule.forRoot(), ds: () => petitionsDs() },
  enforcement: { module: () => EnforcementModule.forRoot(), ds: () => enforcementDs() },
  'social-services': { module: () => SocialModule.forRoot(), ds: () => socialDs() },
  appraisal: { module: () => AppraisalModule.forRoot(), ds: () => appraisalDs() },
  federation: { module: () => FederationModule.forRoot(), ds: () => federationDs() },
  identity: { module: () => IdentityModule.forRoot(), ds: () => identityDs() },
};

/** Apps the gateway cannot work without (logins and their audit entries): started whatever a spec lists. */
const ALWAYS: ServiceName[] = ['identity'];
/** Apps that connect as the application role, as deployed (the audit log's writer may only append to it). */
const AS_APP_ROLE: ServiceName[] = ['identity'];

export const TEST_PASSWORD = 'test-password-1';
export const STREET = 'nj.gulou.btq';
export const OTHER_STREET = 'nj.gulou.nhj';

/** A binary answer (XLSX, PDF) read whole into a Buffer: `suite.http().get(…).buffer(true).parse(binaryBody)`. */
export function binaryBody(res: { on(event: string, listener: (chunk: Buffer) => void): unknown }, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** Accounts every suite test can log in as (one per role, plus one in another street). */
export const TEST_ACCOUNTS: { username: string; role: Role; scope: string; unit?: Unit; departmentId?: string }[] = [
  { username: 'admin', role: Role.Admin, scope: '' },
  { username: 'district', role: Role.DistrictViewer, scope: 'nj.gulou' },
  { username: 'commander', role: Role.StreetCommander, scope: STREET },
  { username: 'organisation', role: Role.UnitMember, unit: Unit.Organisation, scope: STREET },
  { username: 'petitions', role: Role.UnitMember, unit: Unit.Petitions, scope: STREET },
  { username: 'social', role: Role.UnitMember, unit: Unit.Social, scope: STREET },
  { username: 'enforcement', role: Role.UnitMember, unit: Unit.Enforcement, scope: STREET },
  { username: 'liaison', role: Role.DepartmentLiaison, scope: STREET, departmentId: '7b0c4a52-6f0e-5d43-9a51-3e7c1d2b9f10' },
  { username: 'worker', role: Role.GridWorker, scope: `${STREET}.c01.g2_01.g3_01` },
  { username: 'community', role: Role.CommunityStation, scope: `${STREET}.c01` },
  { username: 'auditor', role: Role.Auditor, scope: '' },
  { username: 'other-commander', role: Role.StreetCommander, scope: OTHER_STREET },
];

export interface Suite {
  env: TestEnv;
  gateway: NestFastifyApplication;
  services: Partial<Record<ServiceName, INestApplication>>;
  http: () => ReturnType<typeof request>;
  token: (username: string) => Promise<string>;
  /** POST /api/v1/incidents as `username`; throws (status and body) unless 201, else the created incident. */
  report: (username: string, body: Record<string, unknown>) => Promise<{ id: string; code: string; [field: string]: any }>;
  /** POST /api/v1/incidents/:id/:action as `username`; throws (action, who, status and body) unless `status` (200), else the answer's body. */
  act: (id: string, action: string, username: string, body?: Record<string, unknown>, status?: number) => Promise<any>;
  /**
   * GET /api/v1/hub?`query` with `headers` (the caller's authorization; 200), asked again while the office's panel came without
   * the diaries: the office gives the registry's roster 1 s (HUB_DIARIES_BUDGET_MS) and answers
   * without them when it is slower, as a loaded test machine makes it.
   */
  hub: (headers: Record<string, string>, query: string) => Promise<any>;
  /** An incident taken the usual way to verified: registered and dispatched to enforcement by the commander, accepted and handled (`result`) by enforcement, verified by the grid worker. */
  toVerified: (id: string, result: string) => Promise<void>;
  stopService: (name: ServiceName) => Promise<void>;
  startService: (name: ServiceName) => Promise<INestApplication>;
  dataSource: (app: AppName) => Promise<DataSource>;
  stop: () => Promise<void>;
}

function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function startSuite(opts: { services?: ServiceName[]; env?: Record<string, string> } = {}): Promise<Suite> {
  const env = await TestEnv.start();
  Object.assign(process.env, opts.env ?? {});
  const names = [...new Set([...ALWAYS, ...(opts.services ?? (Object.keys(SERVICE_APPS) as ServiceName[]))])];
  // the gateway's migrations first: identity's then moves the audit log out of its schema, as on an existing deployment
  await env.migrate(gatewayDs(), ...names.map((n) => SERVICE_APPS[n].ds()));
  const appRoleUrl = await env.appDatabaseUrl(...AS_APP_ROLE.map((n) => SERVICE_APPS[n].ds()));

  const services: Partial<Record<ServiceName, INestApplication>> = {};
  const startService = async (name: ServiceName) => {
    // each app under its own NATS user, with its permissions (as deployed)
    const module = env.asApp(name, () => (AS_APP_ROLE.includes(name) ? withEnv({ DATABASE_URL: appRoleUrl }, () => SERVICE_APPS[name].module()) : SERVICE_APPS[name].module()));
    const app = await bootstrapService({ app: name, module: module as never, natsUrl: env.natsUrl, port: 0, logLevel: process.env.LOG_LEVEL, shutdownGraceMs: 0 });
    services[name] = app;
    return app;
  };
  for (const n of names) await startService(n);

  // The gateway connects as the application role, as deployed: not the owner of its schema, so
  // it may only read and append to the audit log (grantAppRole); migrations ran as the owner.
  const appUrl = await env.appDatabaseUrl(gatewayDs());
  const gatewayEnv = env.asApp('gateway', () => withEnv({ DATABASE_URL: appUrl }, () => loadGatewayEnv()));
  const gateway = await createGateway(gatewayEnv);
  const gds = gateway.get(DataSource);
  const hash = await argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, timeCost: 2, memoryCost: 8192 });
  for (const a of TEST_ACCOUNTS) {
    await gds.query(
      `INSERT INTO identity.accounts (username, display_name, password_hash, role, unit, department_id, scope) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [a.username, a.username, hash, a.role, a.unit ?? null, a.departmentId ?? null, a.scope],
    );
  }
  const tokens = new Map<string, string>();
  const http = () => request(gateway.getHttpAdapter().getInstance().server);
  const openSources: DataSource[] = [];
  const token = async (username: string) => {
    if (!tokens.has(username)) {
      const res = await http().post('/api/v1/auth/login').send({ username, password: TEST_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(username, res.body.accessToken);
    }
    return tokens.get(username)!;
  };
  const act: Suite['act'] = async (id, action, username, body = {}, status = 200) => {
    const res = await http().post(`/api/v1/incidents/${id}/${action}`).set('authorization', `Bearer ${await token(username)}`).send(body);
    if (res.status !== status) throw new Error(`${action} by ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  return {
    env,
    gateway,
    services,
    http,
    token,
    async report(username, body) {
      const res = await http().post('/api/v1/incidents').set('authorization', `Bearer ${await token(username)}`).send(body);
      if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    act,
    hub: (headers, query) =>
      eventually(async () => {
        const res = await http().get(`/api/v1/hub?${query}`).set(headers);
        if (res.status !== 200) throw new Error(`hub?${query}: ${res.status} ${JSON.stringify(res.body)}`);
        if (res.body.panels.office.figures?.diaries == null) throw new Error(`hub?${query}: the office answered without the diaries`);
        return res.body;
      }, 20_000, 200),
    async toVerified(id, result) {
      await act(id, 'register', 'commander');
      await act(id, 'dispatch', 'commander', { unit: 'enforcement' });
      await act(id, 'accept', 'enforcement');
      await act(id, 'handle', 'enforcement', { result });
      await act(id, 'verify', 'worker');
    },
    async stopService(name) {
      await services[name]?.close();
      delete services[name];
    },
    startService,
    async dataSource(app) {
      const opts = app === 'gateway' ? gatewayDs() : SERVICE_APPS[app].ds();
      const ds = await new DataSource(opts).initialize();
      openSources.push(ds);
      return ds;
    },
    async stop() {
      for (const ds of openSources) await ds.destroy().catch(() => undefined);
      await gateway.close().catch(() => undefined);
      for (const app of Object.values(services)) await app?.close().catch(() => undefined);
      await env.stop();
    },
  };
}
