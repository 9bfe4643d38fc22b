import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returned } from '../shared/rows';

export interface ResidentRow {
  id: string;
  name: string;
  phone_enc: string | null;
  grid_path: string;
  points_balance: number;
  points_earned: number;
  points_spent: number;
  created_at: Date;
}

const RESIDENT = `SELECT id, name, phone_enc, grid_path::text AS grid_path, points_balance, points_earned, points_spent, created_at FROM social.resident_holders`;

/** Residents holding points (居民积分户) and their lines in the shared points ledger. */
@Injectable()
export class ResidentPointsRepository {
  constructor(@InjectDataSource() readonly ds: DataSource) {}

  async insert(r: { name: string; phoneEnc: string | null; phoneHash: string | null; gridPath: string; createdBy: string }): Promise<string | undefined> {
    const rows = await this.ds.query(
      `INSERT INTO social.resident_holders (name, phone_enc, phone_hash, grid_path, created_by) VALUES ($1,$2,$3,$4::ltree,$5)
       ON CONFLICT (phone_hash, grid_path) WHERE phone_hash IS NOT NULL DO NOTHING RETURNING id`,
      [r.name, r.phoneEnc, r.phoneHash, r.gridPath, r.createdBy],
    );
    return rows[0]?.id;
  }

  async find(id: string, m: EntityManager = this.ds.manager): Promise<ResidentRow | undefined> {
    return (await m.query(`${RESIDENT} WHERE id = $1`, [id]))[0];
  }

  /** Adds points and writes the ledger line in the caller's transaction; returns the ledger row. */
  async earn(m: EntityManager, e: { residentId: string; points: number; activity: string; activityDate: string; createdBy: string }) {
    const up = returned(await m.query(`UPDATE social.resident_holders SET points_balance = points_balance + $2, points_earned = points_earned + $2 WHERE id = $1 RETURNING points_balance`, [e.residentId, e.points]));
    const balance = Number(up[0].points_balance);
    const rows = await m.query(
      `INSERT INTO social.points_ledger (resident_id, delta, balance_after, reason, activity_date, note, created_by) VALUES ($1,$2,$3,'activity',$4::date,$5,$6)
       RETURNING *, activity_date::text AS activity_date`,
      [e.residentId, e.points, balance, e.activityDate, e.activity, e.createdBy],
    );
    return rows[0];
  }

  /**
   * Takes points with one conditional UPDATE (its row lock serialises concurrent exchanges of one
   * resident; `points_balance >= n` refuses the overdraw); null when the balance is short.
   */
  async spend(m: EntityManager, e: { residentId: string; points: number; exchangeId: string; note: string; createdBy: string }): Promise<number | null> {
    const row = returned(await m.query(
      `UPDATE social.resident_holders SET points_balance = points_balance - $2, points_spent = points_spent + $2 WHERE id = $1 AND points_balance >= $2 RETURNING points_balance`,
      [e.residentId, e.points],
    ))[0];
    if (!row) return null;
    const balance = Number(row.points_balance);
    await m.query(
      `INSERT INTO social.points_ledger (resident_id, delta, balance_after, reason, exchange_id, note, created_by) VALUES ($1,$2,$3,'exchange',$4,$5,$6)`,
      [e.residentId, -e.points, balance, e.exchangeId, e.note, e.createdBy],
    );
    return balance;
  }

  async ledger(residentId: string) {
    return this.ds.query(`SELECT *, activity_date::text AS activity_date FROM social.points_ledger WHERE resident_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100`, [residentId]);
  }
}
