import { Actor, ServiceName } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';

/**
 * Base of the gateway's typed clients (`RegistryClient.locate(actor, req)` …): the timeout and the
 * error mapping live in RpcClient, once; no raw `send('string', any)` anywhere else.
 */
export abstract class ServiceClient {
  protected constructor(
    protected readonly rpc: RpcClient,
    readonly service: ServiceName,
  ) {}

  protected call<TReply>(subject: string, data: unknown, actor?: Actor, timeoutMs?: number): Promise<TReply> {
    return this.rpc.request<TReply>(this.service, subject, data ?? {}, { actor, timeoutMs });
  }
}
