import { Injectable, Logger } from '@nestjs/common';
import { StaffNames, SYSTEM_ACTOR } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';

/** How long a looked-up name (or "no staff record") is kept: a renamed person shows within this. */
export const STAFF_NAME_TTL_MS = 10 * 60_000;
/** The directory is asked inside a consumer's transaction: never wait long for it. */
const LOOKUP_TIMEOUT_MS = 2_000;
const CACHE_MAX = 5_000;

/**
 * The office's name directory (人员名录): events name the person who acted by account id only (no
 * name or phone travels in an event, issue 20 item 8), so the consumers that write a unit's step
 * into the ledger's history ask the grid registry who that account is (`registry.staff.names`),
 * keeping the answer a while. An account with no staff record, or a registry that does not
 * answer, gives null: the reader names the step by its unit (综合执法队 …), never by the id.
 */
@Injectable()
export class StaffDirectory {
  private readonly logger = new Logger(StaffDirectory.name);
  private readonly cache = new Map<string, { name: string | null; at: number }>();

  constructor(private readonly rpc: RpcClient) {}

  /** The person's name behind an account id, or null. */
  async nameOf(accountId: string | null | undefined): Promise<string | null> {
    if (!accountId || accountId === SYSTEM_ACTOR.id) return null;
    const hit = this.cache.get(accountId);
    if (hit && Date.now() - hit.at < STAFF_NAME_TTL_MS) return hit.name;
    try {
      const reply = await this.rpc.call(StaffNames, { accountIds: [accountId] }, SYSTEM_ACTOR, { timeoutMs: LOOKUP_TIMEOUT_MS });
      const name = reply.items.find((i) => i.accountId === accountId)?.name ?? null;
      this.remember(accountId, name);
      return name;
    } catch (e) {
      // Not kept: the next event asks again.
      this.logger.warn(`no name for account ${accountId}: ${(e as Error).message}`);
      return hit?.name ?? null;
    }
  }

  private remember(accountId: string, name: string | null): void {
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(accountId, { name, at: Date.now() });
  }
}
