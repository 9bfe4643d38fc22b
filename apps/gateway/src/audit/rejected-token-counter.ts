import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { GatewayEnv } from '../config/gateway.env';
import { AuditService } from './audit.service';

interface Window {
  since: Date;
  repeats: number;
}

const MAX_KEYS = 10_000;

/**
 * A rejected token (bad signature, garbage) is an attack signal, but a flood of them must not write
 * one audit row each: the first from an address on a route in a window is written at once, the
 * repeats are counted and written as one row (`details.repeats`, `since`) when the window ends.
 */
@Injectable()
export class RejectedTokenCounter implements OnModuleDestroy {
  private readonly windows = new Map<string, Window & { ip: string | null; target: string }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly audit: AuditService,
    env: GatewayEnv,
  ) {
    this.timer = setInterval(() => void this.flush(), env.AUDIT_REJECTED_TOKEN_WINDOW_SECONDS * 1000);
    this.timer.unref();
  }

  async rejected(ip: string | null | undefined, target: string): Promise<void> {
    const key = `${ip ?? ''}|${target}`;
    const w = this.windows.get(key);
    if (w) {
      w.repeats += 1;
      return;
    }
    if (this.windows.size < MAX_KEYS) this.windows.set(key, { since: new Date(), repeats: 0, ip: ip ?? null, target });
    await this.audit.note({ action: 'auth.token_rejected', target, result: 'denied', ip });
  }

  /** Writes one row per window that saw repeats, and opens new windows. */
  async flush(): Promise<void> {
    const ended = [...this.windows.values()];
    this.windows.clear();
    for (const w of ended) {
      if (w.repeats === 0) continue;
      await this.audit.note({ action: 'auth.token_rejected', target: w.target, result: 'denied', ip: w.ip, details: { repeats: w.repeats, since: w.since.toISOString() } });
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
