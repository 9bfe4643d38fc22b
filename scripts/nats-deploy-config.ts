/**
 * Writes the deployed NATS users from the one table (libs/messaging/src/nats-auth.ts) after a change
 * to it (a new call between services, a new app): deploy/compose/nats-auth.conf and the app users
 * of deploy/k8s/nats/values.yaml and values-district.yaml (the district's leaf users are kept).
 * deploy/test/manifests.e2e-spec.ts fails until they agree.
 *   node --require ./scripts/swc-register.js scripts/nats-deploy-config.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deployedNatsAuthorizationBlock, NATS_APP_CONNECTION_TYPES, NATS_APPS, natsPasswordEnv, natsPermissions } from '@grid122/messaging';

const ROOT = path.resolve(__dirname, '..');
const conf = path.join(ROOT, 'deploy/compose/nats-auth.conf');
const text = fs.readFileSync(conf, 'utf8');
fs.writeFileSync(conf, text.slice(0, text.indexOf('authorization {')) + deployedNatsAuthorizationBlock());

const flow = (xs: string[]) => `[${xs.join(', ')}]`;
const side = (s: { allow: string[]; deny?: string[] }) => `{allow: ${flow(s.allow)}${s.deny ? `, deny: ${flow(s.deny)}` : ''}}`;
const users = NATS_APPS.map((app) => {
  const p = natsPermissions(app);
  return [
    `        - user: ${app}`,
    `          password: << $${natsPasswordEnv(app)} >>`,
    `          allowed_connection_types: ${flow([...NATS_APP_CONNECTION_TYPES])}`,
    `          permissions:`,
    `            publish: ${side(p.publish)}`,
    `            subscribe: ${side(p.subscribe)}`,
    `            allow_responses: true`,
    '',
  ].join('\n');
}).join('');

for (const file of ['deploy/k8s/nats/values.yaml', 'deploy/k8s/nats/values-district.yaml']) {
  const f = path.join(ROOT, file);
  const v = fs.readFileSync(f, 'utf8');
  const start = v.indexOf('      users:\n') + '      users:\n'.length;
  // the app users run until the first line that is not part of a user entry (or the district's leaf users' comment)
  const m = /\n(?! {8}[- ] | {10}| {12})/.exec(v.slice(start));
  let end = start + (m ? m.index + 1 : v.length - start);
  const leaf = v.indexOf('        # One user per street', start);
  if (leaf > 0 && leaf < end) end = leaf;
  fs.writeFileSync(f, v.slice(0, start) + users + v.slice(end));
}
console.log('NATS users written: deploy/compose/nats-auth.conf, deploy/k8s/nats/values.yaml, values-district.yaml');
