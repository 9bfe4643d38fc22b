import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'nats';
import { generateNatsCredentials, natsAuthorizationBlock, natsLeafUser, streetLeafLink } from '@grid122/messaging';
import { eventually, freePort, PrivateNatsServer } from '@grid122/testing';

/**
 * Hostile network, NATS connection types (issue 20 item 1): an app's user may open a plain client
 * connection only (`allowed_connection_types: ["STANDARD"]`, libs/messaging nats-auth.ts). A
 * nats-server that joins the suite's server as a leaf node with the office's real password is
 * refused (it would otherwise carry the office's subjects into another server); the same server
 * joining with a hub's leaf user (LEAFNODE only) is taken, so the refusal is the rule's doing; the
 * office's password still opens its client connection.
 */
jest.setTimeout(60_000);

describe('hostile network: NATS connection types', () => {
  const hub = new PrivateNatsServer();
  const asOffice = new PrivateNatsServer();
  const asLeafUser = new PrivateNatsServer();
  const creds = generateNatsCredentials();
  const link = streetLeafLink('btq', 'street-btq', 'district-test');
  const leafPassword = 'leaf-password-0123456789';
  let leafPort = 0;

  const conf = async (server: PrivateNatsServer, name: string, lines: string[]) => {
    monitors[name] = await freePort();
    const file = join(server.storeDir, 'test.conf');
    writeFileSync(file, [`server_name: ${name}`, `http: "127.0.0.1:${monitors[name]}"`, ...lines].join('\n') + '\n', { mode: 0o600 });
    server.configArgs = ['-c', file];
  };
  const remote = (user: string, password: string) => [`leafnodes { reconnect: 1, remotes: [ { url: "nats-leaf://${user}:${password}@127.0.0.1:${leafPort}" } ] }`];
  const monitors: Record<string, number> = {};
  /** The leaf connections each server holds (its /leafz). */
  const leafs = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const [name, port] of Object.entries(monitors)) out[name] = (((await (await fetch(`http://127.0.0.1:${port}/leafz`)).json()) as { leafs?: unknown[] }).leafs ?? []).length;
    return out;
  };

  beforeAll(async () => {
    leafPort = await freePort();
    const passwords = Object.fromEntries(Object.entries(creds).map(([u, c]) => [u, c.password]));
    await conf(hub, 'hub', [natsAuthorizationBlock({ passwords, leafUsers: [{ link, password: leafPassword }] }), `leafnodes { listen: "127.0.0.1:${leafPort}" }`]);
    await hub.start();
    await conf(asOffice, 'as-office', remote('office', creds.office.password));
    await conf(asLeafUser, 'as-leaf-user', remote(natsLeafUser(link), leafPassword));
    await asOffice.start();
    await asLeafUser.start();
  });
  afterAll(async () => {
    for (const s of [asOffice, asLeafUser, hub]) await s.destroy();
  });

  it('refuses a leaf-node connection with an app\'s password, takes one with a leaf user, and the app\'s client connection still works', async () => {
    const expected = { hub: 1, 'as-office': 0, 'as-leaf-user': 1 };
    await eventually(async () => expect(await leafs()).toEqual(expected), 15_000, 250);
    // a few reconnect rounds later the office's password has still opened no leaf connection
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await leafs()).toEqual(expected);
    const nc = await connect({ servers: hub.url, user: 'office', pass: creds.office.password, reconnect: false });
    await nc.flush();
    await nc.close();
  });
});
