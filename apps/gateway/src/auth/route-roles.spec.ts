import 'reflect-metadata';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { Role } from '@grid122/contracts';
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
        out.push({ route: `${file.slice(SRC.length + 1)} ${name}.${method}`, public: meta<boolean>(IS_PUBLIC) === true, roles: meta<Role[]>(ROLES), only: meta<Role[]>(ONLY_ROLES) });
      }
    }
  }
  return out;
}

/** The routes that may serve the separated administrators: the audit log and audit views, locks, who am I, log out. */
const SEPARATED_ADMIN_ROUTES = [/^audit\//, /^account\/account-security/, /AuthHttpController\.(me|logout)$/, /EnforcementHttpController\.verify$/, /PetitionsHttpController\.identityAudit$/];

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

  it('let nobody but the petitions group and the command reveal an identity: not the system admin', () => {
    const reveals = all.filter((r) => /\.reveal\w*$/.test(r.route));
    expect(reveals.length).toBeGreaterThanOrEqual(4);
    for (const r of reveals) {
      expect(r.only).toBeDefined();
      expect(r.only).not.toContain(Role.Admin);
    }
  });
});
