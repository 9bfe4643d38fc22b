import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Actor, CommonErrorCode, GatewayErrorCode, Role } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { AccountEntity } from '../account/account.entity';
import { AccountRepository, hashApiKey } from '../account/account.repository';
import { AuditService } from '../audit/audit.service';
import { GatewayEnv } from '../config/gateway.env';
import { LoginThrottle } from '../security/login-throttle';
import { PasswordHasher } from '../security/password-hasher';
import { LoginReplyDto, UserDto } from './auth.dto';
import { SessionRepository } from './session.repository';

// Verifying against a fixed hash when the user does not exist keeps timing from revealing names.
const DUMMY_HASH = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG6vYdOEHx3uI';

@Injectable()
export class AuthService {
  private readonly cache = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly accounts: AccountRepository,
    private readonly jwt: JwtService,
    private readonly env: GatewayEnv,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionRepository,
  ) {}

  async login(username: string, password: string, ip?: string): Promise<LoginReplyDto> {
    try {
      await this.throttle.assertAllowed(ip);
    } catch (e) {
      await this.audit.note({ actorName: username, action: 'auth.login', result: 'denied', ip, details: { reason: 'address throttled' } });
      throw e;
    }
    const account = await this.accounts.findByUsername(username);
    if (!account || account.disabled) {
      await this.hasher.verify(DUMMY_HASH, password);
      await this.throttle.recordFailure(ip);
      await this.audit.note({ actorName: username, action: 'auth.login', result: 'failed', ip, details: { reason: 'unknown or disabled' } });
      throw new AppError(GatewayErrorCode.BadCredentials, 'Wrong username or password');
    }
    // An account-wide lock; for the security admin, the lock of this address only (never his account).
    const lockedUntil =
      account.lockedUntil && account.lockedUntil > new Date() ? account.lockedUntil : account.role === Role.SecurityAdmin ? await this.accounts.addressLock(account.id, ip ?? 'unknown') : null;
    if (lockedUntil) {
      await this.audit.note({ actorId: account.id, actorName: username, action: 'auth.login', result: 'denied', ip, details: { reason: 'locked' } });
      throw new AppError(GatewayErrorCode.AccountLocked, 'Too many failed logins: the account is locked for a while', {
        lockedUntil: new Date(lockedUntil).toISOString(),
      });
    }
    if (!(await this.hasher.verify(account.passwordHash, password))) {
      await this.throttle.recordFailure(ip);
      const { locked } = await this.accounts.recordFailure(account, ip ?? 'unknown', this.env.LOGIN_MAX_FAILURES, this.env.LOGIN_LOCK_SECONDS);
      await this.audit.note({ actorId: account.id, actorName: username, action: 'auth.login', result: 'failed', ip, details: { locked } });
      throw new AppError(GatewayErrorCode.BadCredentials, 'Wrong username or password');
    }
    await this.accounts.recordSuccess(account.id, ip ?? 'unknown');
    await this.audit.record({ actorId: account.id, actorName: username, action: 'auth.login', result: 'ok', ip });
    const session = await this.sessions.open(account.id, this.env.REFRESH_TTL_SECONDS, ip);
    return this.reply(account, session);
  }

  /**
   * A new access token for a session's refresh token, which is rotated: the old one is spent, and
   * a spent one used again (a stolen copy) ends the session for everyone who holds it.
   */
  async refresh(refreshToken: string, ip?: string): Promise<LoginReplyDto> {
    const r = await this.sessions.rotate(refreshToken, this.env.REFRESH_TTL_SECONDS);
    if (r.outcome !== 'ok') {
      if (r.outcome === 'reused' && r.accountId) this.forgetAccount(r.accountId);
      await this.audit.note({ actorId: r.accountId ?? null, action: 'auth.refresh', result: 'denied', ip, details: { reason: r.outcome } });
      throw new AppError(CommonErrorCode.Unauthenticated, r.outcome === 'reused' ? 'This refresh token was already used: the session is ended, log in again' : 'The session has ended: log in again');
    }
    const account = await this.accounts.findById(r.accountId);
    if (!account || account.disabled) throw new AppError(CommonErrorCode.Unauthenticated, 'Account no longer active');
    return this.reply(account, r.session);
  }

  /** Ends the token's session: its access tokens and its refresh token stop (audited). */
  async logout(actor: Actor, token: string, ip?: string): Promise<{ loggedOut: true }> {
    const claims = this.jwt.decode<{ sid?: string } | null>(token);
    await this.sessions.revoke(actor.id, claims?.sid ?? null, async () =>
      this.audit.record({ actorId: actor.id, actorName: actor.username, action: 'auth.logout', result: 'ok', ip, details: { session: claims?.sid ?? null } }),
    );
    this.cache.delete(token);
    return { loggedOut: true };
  }

  /** Drops this replica's cached actors of an account whose sessions were just revoked (others see it within 5 s). */
  forgetAccount(accountId: string): void {
    for (const [k, v] of this.cache) if (v.actor.id === accountId) this.cache.delete(k);
  }

  private async reply(account: AccountEntity, session: { id: string; refreshToken: string }): Promise<LoginReplyDto> {
    const user = toUserDto(account);
    const accessToken = await this.jwt.signAsync({ ...user, sub: user.id, sid: session.id }, { expiresIn: this.env.JWT_TTL_SECONDS });
    return { accessToken, expiresIn: this.env.JWT_TTL_SECONDS, refreshToken: session.refreshToken, refreshExpiresIn: this.env.REFRESH_TTL_SECONDS, user };
  }

  /** A token's actor; the account is re-read so a disabled account stops at once. */
  async actorFromToken(token: string): Promise<Actor> {
    const cached = this.cache.get(token);
    if (cached && cached.until > Date.now()) return cached.actor;
    let claims: { sub: string; sid?: string };
    try {
      claims = await this.jwt.verifyAsync(token);
    } catch (e) {
      const expired = (e as Error).name === 'TokenExpiredError';
      throw new AppError(expired ? GatewayErrorCode.TokenExpired : CommonErrorCode.Unauthenticated, expired ? 'The session has expired: log in again' : 'Invalid token');
    }
    const account = await this.accounts.findById(claims.sub);
    if (!account || account.disabled) throw new AppError(CommonErrorCode.Unauthenticated, 'Account no longer active');
    // Logout, a disabled account or a password reset revoke the session: its tokens stop (within the cache's 5 s on other replicas).
    if (claims.sid && !(await this.sessions.isLive(claims.sid, account.id))) throw new AppError(CommonErrorCode.Unauthenticated, 'The session has ended: log in again');
    const actor = toActor(account);
    // A few seconds of cache keeps the hot path off the database; disabling takes effect within it.
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { actor, until: Date.now() + 5000 });
    return actor;
  }

  /** A platform's actor by its API key; kept 5 s (as a token's), so a revoked key stops within that. */
  async actorFromApiKey(key: string): Promise<Actor> {
    const id = `apikey:${hashApiKey(key)}`;
    const cached = this.cache.get(id);
    if (cached && cached.until > Date.now()) return cached.actor;
    const k = await this.accounts.findApiKey(key);
    if (!k) throw new AppError(GatewayErrorCode.BadApiKey, 'Invalid API key');
    const actor: Actor = { id: k.id, username: `apikey:${k.name}`, displayName: k.name, role: Role.Platform, scope: k.scope };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(id, { actor, until: Date.now() + 5000 });
    return actor;
  }

  hashPassword(password: string): Promise<string> {
    return this.hasher.hash(password);
  }
}

export function toUserDto(a: AccountEntity): UserDto {
  return { id: a.id, username: a.username, displayName: a.displayName, role: a.role, unit: a.unit, departmentId: a.departmentId, scope: a.scope };
}

export function toActor(a: AccountEntity): Actor {
  return { id: a.id, username: a.username, displayName: a.displayName, role: a.role, unit: a.unit, departmentId: a.departmentId, scope: a.scope };
}
