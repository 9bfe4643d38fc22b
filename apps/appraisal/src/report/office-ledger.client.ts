import { Injectable } from '@nestjs/common';
import { monthDays } from '@grid122/calendar';
import { KeyAreaStats, SYSTEM_ACTOR } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';

/**
 * The office's ledger (`office.stats.key-areas`), the one implementation of 发现/解决/办结率 by key
 * area: the notice prints its figures instead of re-deriving them from the appraisal's facts, so
 * the notice for a month equals the ledger for that month (docs/metrics.md). Asked as the suite
 * for the scope the caller may read (checked here before asking); the office down is a 503.
 */
@Injectable()
export class OfficeLedgerClient {
  constructor(private readonly rpc: RpcClient) {}

  async keyAreas(month: string, scope: string): Promise<KeyAreaStats.Reply> {
    const { from, to } = monthDays(month);
    const req: KeyAreaStats.Request = { from, to, ...(scope ? { root: scope } : {}) };
    return this.rpc.request<KeyAreaStats.Reply>('office', KeyAreaStats.subject, req, { actor: SYSTEM_ACTOR });
  }
}
