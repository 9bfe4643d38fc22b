import { Injectable } from '@nestjs/common';
import { FederationTaskMessage } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';

export interface TakenTask {
  task_id: string;
  state: 'taken_in' | 'refused';
  incident_id: string | null;
  incident_code: string | null;
}

/** Every query of the street's task intake (office.federation_tasks). */
@Injectable()
export class FederationTaskRepository {
  constructor(private readonly ds: DataSource) {}

  async get(taskId: string): Promise<TakenTask | undefined> {
    const rows: TakenTask[] = await this.ds.query(
      `SELECT task_id, state, incident_id, incident_code FROM office.federation_tasks WHERE task_id = $1`,
      [taskId],
    );
    return rows[0];
  }

  /** Records the outcome once; a concurrent replica's row wins (same task, same incident by the idempotency key). */
  async record(t: FederationTaskMessage, outcome: { incidentId: string; code: string } | { error: unknown }, m?: EntityManager): Promise<void> {
    const taken = 'incidentId' in outcome;
    await (m ?? this.ds).query(
      `INSERT INTO office.federation_tasks (task_id, street, reference, channel, grid_path, state, incident_id, incident_code, error, message)
       VALUES ($1, $2, $3, $4, $5::ltree, $6, $7, $8, $9::jsonb, $10::jsonb) ON CONFLICT (task_id) DO NOTHING`,
      [
        t.taskId,
        t.street,
        t.reference,
        t.channel,
        t.gridPath,
        taken ? 'taken_in' : 'refused',
        taken ? outcome.incidentId : null,
        taken ? outcome.code : null,
        taken ? null : JSON.stringify(outcome.error),
        JSON.stringify({ ...t, reporter: t.reporter ? { name: t.reporter.name } : null }),
      ],
    );
  }
}
