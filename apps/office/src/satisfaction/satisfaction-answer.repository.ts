import { Injectable } from '@nestjs/common';
import { ClosureType, Satisfaction } from '@grid122/contracts';
import { EntityManager } from 'typeorm';

/** A reporter's answer on one closure of a case. */
export interface NewSatisfactionAnswer {
  incident_id: string;
  closed_at: Date;
  closure_type: ClosureType;
  answer: Satisfaction;
  comment: string | null;
  by_id: string | null;
  by_role: string;
  channel: 'api' | 'open311';
}

/** office.satisfaction_answers (办结满意度): one answer per closure; every query of it. */
@Injectable()
export class SatisfactionAnswerRepository {
  /** The new answer's id, or null when this closure was already answered. */
  async insert(m: EntityManager, a: NewSatisfactionAnswer): Promise<string | null> {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO office.satisfaction_answers (incident_id, closed_at, closure_type, answer, comment, by_id, by_role, channel)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (incident_id, closed_at) DO NOTHING RETURNING id`,
      [a.incident_id, a.closed_at, a.closure_type, a.answer, a.comment, a.by_id, a.by_role, a.channel],
    );
    return inserted[0]?.id ?? null;
  }

  /** The answer reopened the case (不满意 within the reopen window). */
  async markReopened(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE office.satisfaction_answers SET reopened = true WHERE id = $1`, [id]);
  }
}
