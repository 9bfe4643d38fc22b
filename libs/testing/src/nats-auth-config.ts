import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateNatsCredentials, natsAuthorizationBlock, NatsCredentials } from '@grid122/messaging';
import { PrivateNatsServer } from './nats-server';

/** The tests' own NATS user: every right (it publishes events and asks services as a test needs). */
export const TEST_NATS_USER = 'test';

/**
 * Gives a private nats-server the suite's users and permissions (fresh passwords per server),
 * written as a config file in its store dir and kept across restarts.
 */
export function enableNatsAuth(nats: PrivateNatsServer): Record<string, NatsCredentials> {
  const creds = generateNatsCredentials([TEST_NATS_USER]);
  const file = join(nats.storeDir, 'auth.conf');
  const passwords = Object.fromEntries(Object.entries(creds).map(([u, c]) => [u, c.password]));
  writeFileSync(file, natsAuthorizationBlock({ passwords, superUsers: [TEST_NATS_USER] }), { mode: 0o600 });
  nats.configArgs = ['-c', file];
  return creds;
}
