import * as argon2 from 'argon2';
import { Actor, ChangeAccount, CreateAccount, ListLockedAccounts, Login, Logout, Refresh, ResetPassword, ResolveActor, ResolveApiKey, Role, UnlockAccount } from '@grid122/contracts';
import { serviceUnderTest, TEST_STREET } from '@grid122/testing';
import { createHash } from 'node:crypto';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';

jest.setTimeout(120_000);

const PASSWORD = 'identity-test-password-1';
const SECURITY: Actor = { id: '1f2e3d4c-5b6a-4789-8abc-def012345678', username: 'security', role: Role.SecurityAdmin, scope: '' };
const ip = '10.1.2.3';

/**
 * The identity service's accounts, logins and sessions through its contracts (no gateway): the
 * admin's accounts API and its separation rule (三员分立), each change with its audit entry in the
 * same transaction; logins with the account's lock and the security admin's per-address lock;
 * sessions rotated, replayed, ended; API keys by their hash; the reset's key without the password.
 */
describe('identity: accounts, logins and sessions (identity.account.*, identity.auth.*)', () => {
  const svc = serviceUnderTest({ app: 'identity', module: () => AppModule.forRoot(), dataSource: dataSourceOptions, env: { LOGIN_MAX_FAILURES: '3' } });
  const audit = (action: string) => svc().ds.query(`SELECT actor_name, target, result, details FROM identity.audit_log WHERE action = $1 ORDER BY seq`, [action]);

  beforeAll(async () => {
    const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, timeCost: 2, memoryCost: 8192 });
    await svc().ds.query(
      `INSERT INTO identity.accounts (username, display_name, password_hash, role, unit, scope) VALUES
        ('commander', 'commander', $1, 'street_commander', NULL, $2), ('security', 'security', $1, 'security_admin', NULL, ''), ('auditor', 'auditor', $1, 'auditor', NULL, '')`,
      [hash, TEST_STREET],
    );
    await svc().ds.query(`INSERT INTO identity.api_keys (name, key_hash, scope) VALUES ('区平台', $1, $2)`, [createHash('sha256').update('platform-key-1').digest('hex'), TEST_STREET]);
  });

  it('creates a business account with its audit entry; refuses an administrator duty (三员分立) and a non-admin caller', async () => {
    const created = await svc().call(CreateAccount, { username: 'lina', displayName: '李娜', password: PASSWORD, role: 'grid_worker', scope: `${TEST_STREET}.c01`, ip }, 'admin');
    expect(created).toMatchObject({ username: 'lina', role: 'grid_worker', disabled: false });
    expect(await audit('account.create')).toEqual([{ actor_name: 'admin', target: 'lina', result: 'ok', details: expect.objectContaining({ id: created.id, role: 'grid_worker' }) }]);
    expect((await svc().refusal(CreateAccount, { username: 'stooge', displayName: 'x', password: PASSWORD, role: 'auditor', scope: TEST_STREET }, 'admin')).code).toBe('SEPARATION_OF_DUTIES');
    const [auditor] = await svc().ds.query(`SELECT id FROM identity.accounts WHERE username = 'auditor'`);
    expect((await svc().refusal(ChangeAccount, { id: auditor.id, displayName: 'mine now' }, 'admin')).code).toBe('SEPARATION_OF_DUTIES');
    expect((await svc().refusal(CreateAccount, { username: 'other', displayName: 'x', password: PASSWORD, role: 'grid_worker', scope: TEST_STREET }, 'commander')).code).toBe('FORBIDDEN');
    expect((await audit('account.create')).map((r: { result: string }) => r.result)).toEqual(['ok', 'denied']);
  });

  it('logs in, resolves the token\'s account and session, rotates the refresh token, ends a replayed and a logged-out session', async () => {
    const grant = await svc().call(Login, { username: 'commander', password: PASSWORD, ip }, 'admin');
    expect(grant.user).toMatchObject({ username: 'commander', role: 'street_commander', scope: TEST_STREET });
    expect(await svc().call(ResolveActor, { accountId: grant.user.id, sessionId: grant.sessionId }, 'admin')).toMatchObject({ id: grant.user.id, role: 'street_commander' });
    const next = await svc().call(Refresh, { refreshToken: grant.refreshToken, ip }, 'admin');
    expect(next.sessionId).toBe(grant.sessionId);
    // the spent token again: a stolen copy — the session ends for everyone
    expect((await svc().refusal(Refresh, { refreshToken: grant.refreshToken, ip }, 'admin')).code).toBe('UNAUTHENTICATED');
    expect((await svc().refusal(ResolveActor, { accountId: grant.user.id, sessionId: grant.sessionId }, 'admin')).code).toBe('UNAUTHENTICATED');

    const other = await svc().call(Login, { username: 'commander', password: PASSWORD, ip }, 'admin');
    const commander: Actor = { id: other.user.id, username: 'commander', role: Role.StreetCommander, scope: TEST_STREET };
    await svc().call(Logout, { sessionId: other.sessionId, ip }, commander);
    expect((await svc().refusal(ResolveActor, { accountId: other.user.id, sessionId: other.sessionId }, 'admin')).code).toBe('UNAUTHENTICATED');
    expect((await audit('auth.logout')).map((r: { result: string }) => r.result)).toEqual(['ok']);
    expect((await audit('auth.refresh')).map((r: { details: { reason: string } }) => r.details.reason)).toEqual(['reused']);
  });

  it('locks an account after its failures; the security admin only at that address, and he unlocks others', async () => {
    for (let i = 0; i < 3; i++) expect((await svc().refusal(Login, { username: 'commander', password: 'wrong-password-1', ip }, 'admin')).code).toBe('AUTH_BAD_CREDENTIALS');
    expect((await svc().refusal(Login, { username: 'commander', password: PASSWORD, ip: '10.9.9.9' }, 'admin')).code).toBe('AUTH_ACCOUNT_LOCKED');
    for (let i = 0; i < 3; i++) await svc().refusal(Login, { username: 'security', password: 'wrong-password-1', ip }, 'admin');
    expect((await svc().refusal(Login, { username: 'security', password: PASSWORD, ip }, 'admin')).code).toBe('AUTH_ACCOUNT_LOCKED');
    expect((await svc().call(Login, { username: 'security', password: PASSWORD, ip: '10.9.9.9' }, 'admin')).user.role).toBe('security_admin');
    const locked = await svc().call(ListLockedAccounts, {}, SECURITY);
    expect(locked.items.map((a) => a.username)).toContain('commander');
    expect((await svc().refusal(ListLockedAccounts, {}, 'admin')).code).toBe('FORBIDDEN');
    await svc().call(UnlockAccount, { username: 'commander', ip }, SECURITY);
    expect((await svc().call(Login, { username: 'commander', password: PASSWORD, ip }, 'admin')).user.username).toBe('commander');
    expect((await audit('account.unlock')).map((r: { actor_name: string; target: string }) => [r.actor_name, r.target])).toEqual([['security', 'commander']]);
  });

  it('names a platform by its key\'s hash; an unknown key is AUTH_BAD_API_KEY', async () => {
    const keyHash = (k: string) => createHash('sha256').update(k).digest('hex');
    expect(await svc().call(ResolveApiKey, { keyHash: keyHash('platform-key-1') }, 'admin')).toMatchObject({ role: 'platform', scope: TEST_STREET });
    expect((await svc().refusal(ResolveApiKey, { keyHash: keyHash('nope') }, 'admin')).code).toBe('AUTH_BAD_API_KEY');
  });

  it('resets a password once per key, ends the sessions, and keeps no hash of the password for the key', async () => {
    const grant = await svc().call(Login, { username: 'lina', password: PASSWORD, ip }, 'admin');
    const first = await svc().call(ResetPassword, { id: grant.user.id, password: 'another-password-2', idempotencyKey: 'reset-1', ip }, 'admin');
    const again = await svc().call(ResetPassword, { id: grant.user.id, password: 'another-password-2', idempotencyKey: 'reset-1', ip }, 'admin');
    expect(again).toEqual(first);
    expect((await audit('account.password_reset')).length).toBe(1);
    expect((await svc().refusal(ResolveActor, { accountId: grant.user.id, sessionId: grant.sessionId }, 'admin')).code).toBe('UNAUTHENTICATED');
    const stored = JSON.stringify(await svc().ds.query(`SELECT * FROM identity.idempotency_requests`));
    expect(stored).not.toContain('another-password-2');
    expect(stored).not.toContain(createHash('sha256').update('another-password-2').digest('hex'));
  });
});
