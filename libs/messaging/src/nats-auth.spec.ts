import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as contracts from '@grid122/contracts';
import { SERVICES, SUBJECT_PREFIX } from '@grid122/contracts';
import { NATS_APPS, natsAuthorizationBlock, natsCalls, natsPermissions } from './nats-auth';

const ROOT = resolve(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}

describe('NATS permissions', () => {
  it('let each service ask exactly what its code asks of the others (a new call must be added here or it is refused)', () => {
    const missing: string[] = [];
    for (const service of SERVICES) {
      for (const file of sources(join(ROOT, 'apps', service, 'src'))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/rpc\.request<[^(]*\(\s*'[^']+',\s*([A-Za-z0-9_]+)\.subject/g)) {
          const subject = (contracts as unknown as Record<string, { subject?: string }>)[m[1]]?.subject;
          if (!subject) missing.push(`${service}: ${m[1]} (not a contract)`);
          else if (!natsCalls(service).includes(subject)) missing.push(`${service} asks ${subject} (${file.slice(ROOT.length + 1)})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('give a service its own subjects and events only, and the gateway no service subject to answer', () => {
    for (const s of SERVICES) {
      const p = natsPermissions(s);
      expect(p.subscribe.allow).toEqual([`${SUBJECT_PREFIX[s]}.>`, '_INBOX.>']);
      expect(p.publish.allow.filter((x) => x.startsWith('evt.'))).toEqual([`evt.${SUBJECT_PREFIX[s]}.>`]);
      expect(p.publish.deny).toEqual(expect.arrayContaining(['$JS.API.STREAM.DELETE.>', '$JS.API.STREAM.PURGE.>']));
    }
    const gw = natsPermissions('gateway');
    expect(gw.subscribe.allow).toEqual(['_INBOX.>']);
    expect(gw.publish.allow.some((x) => x.startsWith('evt.'))).toBe(false);
  });

  it('writes a nats-server authorization block with a user per app (STANDARD connections only) and env references kept as such', () => {
    const passwords = Object.fromEntries(NATS_APPS.map((a) => [a, 'p'.repeat(20)]));
    const block = natsAuthorizationBlock({ passwords: { ...passwords, gateway: '$NATS_PASSWORD_GATEWAY', office: 'pw"x' } });
    expect(block).toContain('{ user: "gateway", password: $NATS_PASSWORD_GATEWAY, allowed_connection_types: ["STANDARD"], permissions:');
    // every app: a plain client connection only (no websocket, leaf node or MQTT with its password)
    expect(block.match(/allowed_connection_types: \["STANDARD"\]/g)).toHaveLength(NATS_APPS.length);
    expect(block).toContain('password: "pw\\"x"');
    expect(block).toContain('allow_responses: true');
    expect(() => natsAuthorizationBlock({ passwords: { gateway: 'x' } })).toThrow(/no NATS password for office/);
  });
});
