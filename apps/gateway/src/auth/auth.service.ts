import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash } from 'node:crypto';
import { Actor, CommonErrorCode, GatewayErrorCode, Login, Logout, Refresh, ResolveActor, ResolveApiKey, SessionGrant, SYSTEM_ACTOR } from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';
import { AuditService } from '../audit/audit.service';
import { GatewayEnv } from '../config/gateway.env';
import { LoginThrottle } from '../security/login-throttle';
import { RateLimits } from '../security/rate-limits';
import { LoginReplyDto } from './auth.dto';

/** How long an actor resolved by the identity service is kept (a disabled account stops within it on other replicas). */
const CACHE_MS = 5000;
/**
 * How long an API key identity refused is answered as refused without asking again (a flood of one
 * bad key costs identity one lookup; a key created just after it was tried works within this).
 */
export const REFUSED_KEY_CACHE_MS = 5000;

/**
 * Authentication at the edge (认证): the gateway verifies and signs the access tokens (HS256,
 * JWT_SECRET); accounts, passwords, sessions and locks are the identity service's, asked over NATS
 * (`identity.auth.*`): a login, a refresh, a logout, and who a verified token or an API key names
 * (kept 5 s). The per-address login throttle is the gateway's (its shared rate limiter).
 */
@Injectable()
export class AuthService {
  private readonly cache = new Map<string, { actor: Actor; sid?: string; until: number }>();
  /** API keys identity refused, by `apikey:<sha-256>`, until when (REFUSED_KEY_CACHE_MS). */
  private readonly refused = new Map<string, { error: AppError; until: number }>();
  /** The checks under way (`resolved`), by token or `apikey:<sha-256>`. */
  private readonly resolving = new Map<string, Promise<Actor>>();

  constructor(
    private readonly jwt: JwtService,
    private readonly env: GatewayEnv,
    private readonly rpc: RpcClient,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly limits: RateLimits,
  ) {}

  async login(username: string, password: string, ip?: string): Promise<LoginReplyDto> {
    try {
      await this.throttle.assertAllowed(ip);
    } catch (e) {
      await this.audit.note({ actorName: username, action: 'auth.login', result: 'denied', ip, details: { reason: 'address throttled' } });
      throw e;
    }
    try {
      return await this.reply(await this.rpc.call(Login, { username, password, ip }, SYSTEM_ACTOR));
    } catch (e) {
      if (e instanceof AppError && e.code === GatewayErrorCode.BadCredentials) await this.throttle.recordFailure(ip);
      throw e;
    }
  }

  /** A new access token for a session's refresh token (rotated by identity; a spent one again ends the session). */
  async refresh(refreshToken: string, ip?: string): Promise<LoginReplyDto> {
    try {
      return await this.reply(await this.rpc.call(Refresh, { refreshToken, ip }, SYSTEM_ACTOR));
    } catch (e) {
      // a replayed token ended its session: this replica forgets the session's tokens at once
      if (e instanceof AppError && e.code === CommonErrorCode.Unauthenticated) this.forgetSession(refreshToken.split('.')[0]);
      throw e;
    }
  }

  /** Ends the token's session: its access tokens and its refresh token stop (audited by identity). */
  async logout(actor: Actor, token: string, ip?: string): Promise<{ loggedOut: true }> {
    const claims = this.jwt.decode<{ sid?: string } | null>(token);
    const r = await this.rpc.call(Logout, { sessionId: claims?.sid ?? null, ip }, actor);
    this.cache.delete(token);
    this.resolving.delete(token);
    return r;
  }

  /** Drops this replica's cached actors of an account whose sessions were just revoked (others see it within 5 s). */
  forgetAccount(accountId: string): void {
    for (const [k, v] of this.cache) if (v.actor.id === accountId) this.cache.delete(k);
  }

  private forgetSession(sid: string): void {
    for (const [k, v] of this.cache) if (v.sid === sid) this.cache.delete(k);
  }

  private async reply(g: SessionGrant): Promise<LoginReplyDto> {
    const accessToken = await this.jwt.signAsync({ ...g.user, sub: g.user.id, sid: g.sessionId }, { expiresIn: this.env.JWT_TTL_SECONDS });
    return { accessToken, expiresIn: this.env.JWT_TTL_SECONDS, refreshToken: g.refreshToken, refreshExpiresIn: g.refreshExpiresIn, user: g.user };
  }

  /** A token's actor: the signature checked here, the account and session by identity (a disabled account or ended session stops). */
  actorFromToken(token: string): Promise<Actor> {
    return this.resolved(token, () => this.resolveToken(token));
  }

  /**
   * The cached actor of a token or an API key, else one check at a time per credential: the
   * requests that arrive while it runs (a platform's 50 connections when the 5 s entry expires)
   * wait for it instead of each asking identity again (#27).
   */
  private resolved(id: string, resolve: () => Promise<Actor>): Promise<Actor> {
    const cached = this.cache.get(id);
    if (cached && cached.until > Date.now()) return Promise.resolve(cached.actor);
    let pending = this.resolving.get(id);
    if (!pending) {
      pending = resolve().finally(() => this.resolving.delete(id));
      this.resolving.set(id, pending);
    }
    return pending;
  }

  private async resolveToken(token: string): Promise<Actor> {
    let claims: { sub: string; sid?: string };
    try {
      claims = await this.jwt.verifyAsync(token);
    } catch (e) {
      const expired = (e as Error).name === 'TokenExpiredError';
      throw new AppError(expired ? GatewayErrorCode.TokenExpired : CommonErrorCode.Unauthenticated, expired ? 'The session has expired: log in again' : 'Invalid token');
    }
    // A token without sid (issued before sessions existed) is accepted until it expires.
    const actor = await this.rpc.call(ResolveActor, { accountId: claims.sub, sessionId: claims.sid ?? null }, SYSTEM_ACTOR);
    this.keep(token, actor, claims.sid);
    return actor;
  }

  /** The account a live-feed ticket was given to, re-read (a disabled account stops). */
  actorOf(accountId: string): Promise<Actor> {
    return this.rpc.call(ResolveActor, { accountId }, SYSTEM_ACTOR);
  }

  /**
   * A platform's actor by its API key (only its SHA-256 is sent); kept 5 s, so a revoked key stops
   * within that. A key refused (`BAD_API_KEY`) is counted against the caller's address in the
   * anonymous budget (429 `RATE_LIMITED` beyond it, the refusal otherwise) and kept refused for
   * REFUSED_KEY_CACHE_MS, so repeating it does not reach identity; an address past that budget gets
   * 429 before an unknown key is looked up, so guessing keys costs identity nothing more.
   */
  async actorFromApiKey(key: string, ip?: string): Promise<Actor> {
    const keyHash = createHash('sha256').update(key).digest('hex');
    const id = `apikey:${keyHash}`;
    const cached = this.cache.get(id);
    if (cached && cached.until > Date.now()) return cached.actor;
    const refused = this.refused.get(id);
    if (refused && refused.until > Date.now()) return this.refuse(refused.error, ip);
    if (ip) await this.limits.assertAnonymousLeft(ip);
    try {
      return await this.resolved(id, async () => {
        const actor = await this.rpc.call(ResolveApiKey, { keyHash }, SYSTEM_ACTOR);
        this.keep(id, actor);
        return actor;
      });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== GatewayErrorCode.BadApiKey) throw e;
      if (this.refused.size > 10_000) this.refused.clear();
      this.refused.set(id, { error: e, until: Date.now() + REFUSED_KEY_CACHE_MS });
      return this.refuse(e, ip);
    }
  }

  /** A refused key: counted against the address (429 beyond its budget), else the refusal. */
  private async refuse(error: AppError, ip?: string): Promise<never> {
    if (ip) await this.limits.anonymous(ip);
    throw error;
  }

  private keep(key: string, actor: Actor, sid?: string): void {
    // A few seconds of cache keeps the hot path off identity; disabling takes effect within it.
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { actor, sid, until: Date.now() + CACHE_MS });
  }
}
