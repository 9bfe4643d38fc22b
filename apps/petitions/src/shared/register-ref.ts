import { EntityManager } from 'typeorm';
import { sequenceRef } from '@grid122/persistence';

/** The petitions service's numbered registers: each one's sequence, prefix and digits (XF2026000001, TJ2026000001, YJ20260001). */
export const REGISTER_REFS = {
  petition: { seq: 'petitions.petition_ref_seq', prefix: 'XF', digits: 6 },
  dispute: { seq: 'petitions.dispute_ref_seq', prefix: 'TJ', digits: 6 },
  warning: { seq: 'petitions.warning_ref_seq', prefix: 'YJ', digits: 4 },
} as const;

/**
 * A register's next reference (编号), by the kit's sequenceRef: its prefix, the year of `at` in the
 * street's calendar (a petition received at 00:30 on 1 January in Nanjing is the new year's, though
 * UTC still says 31 December), and the sequence's next number, padded.
 */
export async function nextRegisterRef(m: EntityManager, register: keyof typeof REGISTER_REFS, at: Date): Promise<string> {
  const { seq, prefix, digits } = REGISTER_REFS[register];
  const [{ ref }]: { ref: string }[] = await m.query(`SELECT ${sequenceRef(prefix, seq, digits, { separator: '', at: '$1::timestamptz' })} AS ref`, [at.toISOString()]);
  return ref;
}
