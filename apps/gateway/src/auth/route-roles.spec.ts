import 'reflect-metadata';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { Role } from '@grid122/contracts';
import { REVEAL_ROUTES } from '../privacy/reveal-audit';
import { IS_PUBLIC, ONLY_ROLES, ROLES } from './auth.decorators';

const SRC = join(__dirname, '..');

function controllers(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return controllers(p);
    return /controllers?\.ts$/.test(p) ? [p] : [];
  });
}

interface RouteRoles {
  route: string;
  /** `POST /api/v1/petitions/:id/reveal` */
  http: string;
  public: boolean;
  roles?: Role[];
  only?: Role[];
}

/** Every route handler of the gateway with its access metadata (method or controller level). */
function routes(): RouteRoles[] {
  const out: RouteRoles[] = [];
  for (const file of controllers(SRC)) {
    const mod = require(file) as Record<string, unknown>;
    for (const [name, C] of Object.entries(mod)) {
      if (typeof C !== 'function' || Reflect.getMetadata(PATH_METADATA, C) === undefined) continue;
      for (const method of Object.getOwnPropertyNames(C.prototype)) {
        const h = C.prototype[method];
        if (method === 'constructor' || typeof h !== 'function' || Reflect.getMetadata(METHOD_METADATA, h) === undefined) continue;
        const meta = <T>(key: string): T | undefined => Reflect.getMetadata(key, h) ?? Reflect.getMetadata(key, C);
        const path = ['', Reflect.getMetadata(PATH_METADATA, C), Reflect.getMetadata(PATH_METADATA, h)].join('/').replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        const verb = RequestMethod[Reflect.getMetadata(METHOD_METADATA, h) as RequestMethod];
        out.push({ route: `${file.slice(SRC.length + 1)} ${name}.${method}`, http: `${verb} ${path}`, public: meta<boolean>(IS_PUBLIC) === true, roles: meta<Role[]>(ROLES), only: meta<Role[]>(ONLY_ROLES) });
      }
    }
  }
  return out;
}

/** The routes that may serve the separated administrators: the audit log and audit views, locks, who am I, log out. */
const SEPARATED_ADMIN_ROUTES = [/^audit\//, /AccountSecurityHttpController\./, /AuthHttpController\.(me|logout)$/, /EnforcementHttpController\.verify$/, /PetitionsHttpController\.identityAudit$/];

describe('gateway routes', () => {
  const all = routes();

  it('are found', () => {
    expect(all.length).toBeGreaterThan(100);
  });

  it('each names who may call it: @Public, @Roles or @OnlyRoles (none is open to every role by omission)', () => {
    expect(all.filter((r) => !r.public && !r.roles && !r.only).map((r) => r.route)).toEqual([]);
  });

  it('serve the auditor and the security admin nothing of the business (三员分立)', () => {
    const leaks = all
      .filter((r) => !SEPARATED_ADMIN_ROUTES.some((re) => re.test(r.route)))
      .filter((r) => [...(r.roles ?? []), ...(r.only ?? [])].some((x) => x === Role.Auditor || x === Role.SecurityAdmin))
      .map((r) => r.route);
    expect(leaks).toEqual([]);
  });

  /**
   * A reveal is any route that hands out an identity in plain: a handler named reveal*, a path
   * ending in /reveal… or /identity, or a route the reveal audit writes to the hash chain — whatever
   * its handler is called (`POST /care-recipients/:id/identity` is `identity`).
   */
  const isReveal = (r: RouteRoles) =>
    /\.reveal\w*$/.test(r.route) || /^POST .*\/(reveal[\w-]*|identity)$/.test(r.http) || Object.keys(REVEAL_ROUTES).some((p) => r.http === `POST ${p}`);

  it('let nobody reveal an identity but the business roles that need it: not the system admin, the auditor or the security admin (三员分立)', () => {
    const reveals = all.filter(isReveal);
    expect(reveals.map((r) => r.http)).toEqual(expect.arrayContaining([...Object.keys(REVEAL_ROUTES).map((p) => `POST ${p}`), 'POST /api/v1/incidents/:id/reveal-phone']));
    for (const r of reveals) {
      // @OnlyRoles: the admin's pass-all does not apply; and none of the separated administrators named
      expect([r.route, r.only]).toEqual([r.route, expect.any(Array)]);
      expect([r.route, r.only!.filter((x) => x === Role.Admin || x === Role.Auditor || x === Role.SecurityAdmin)]).toEqual([r.route, []]);
    }
  });

  it('write every identity reveal to the audit chain: each reveal route is the audit interceptor’s or audits itself', () => {
    const audited = new Set([...Object.keys(REVEAL_ROUTES).map((p) => `POST ${p}`), 'POST /api/v1/incidents/:id/reveal-phone']);
    expect(all.filter(isReveal).map((r) => r.http).filter((h) => !audited.has(h))).toEqual([]);
  });
});
