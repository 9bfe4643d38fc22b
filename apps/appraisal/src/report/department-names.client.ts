import { Injectable } from '@nestjs/common';
import { ListDepartments, SYSTEM_ACTOR } from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';

/**
 * Department names from the grid registry (`registry.department.list`), so a figure by
 * department reads "区城管局", never an id. The registry down leaves a readable placeholder
 * rather than failing the whole report.
 */
@Injectable()
export class DepartmentNamesClient {
  constructor(private readonly rpc: RpcClient) {}

  async names(): Promise<Map<string, string>> {
    try {
      const reply = await this.rpc.request<ListDepartments.Reply>('grid-registry', ListDepartments.subject, { limit: 500 }, { actor: SYSTEM_ACTOR });
      return new Map(reply.items.map((d) => [d.id, d.name]));
    } catch (e) {
      if (e instanceof AppError) return new Map();
      throw e;
    }
  }
}
