import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { CommonErrorCode } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { IdentityEnv } from '../config/identity.env';

/**
 * argon2id with bounded concurrency: each verification takes ~64 MiB and a core for tens of ms, so
 * a login flood must queue, not run all at once. At most `running` at a time, at most `queued`
 * waiting; beyond that the login is refused at once with 429 RATE_LIMITED (memory stays bounded).
 */
export class BoundedRunner {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly running: number,
    private readonly queued: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.running) {
      if (this.waiting.length >= this.queued) throw new AppError(CommonErrorCode.RateLimited, 'Too many logins in progress: retry in a moment', { retryAfterSeconds: 1 });
      await new Promise<void>((r) => this.waiting.push(r));
    } else {
      this.active += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  get stats(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }
}

@Injectable()
export class PasswordHasher {
  private readonly runner: BoundedRunner;

  constructor(env: IdentityEnv) {
    this.runner = new BoundedRunner(env.PASSWORD_HASH_CONCURRENCY, env.PASSWORD_HASH_QUEUE);
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.runner.run(() => argon2.verify(hash, password).catch(() => false));
  }

  hash(password: string): Promise<string> {
    return this.runner.run(() => argon2.hash(password, { type: argon2.argon2id }));
  }
}
