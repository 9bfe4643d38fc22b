import { DataSource } from 'typeorm';

/** Demo data of the appraisal service for the demo street (DEMO_MODE only). Idempotent. */
export async function seedDemo(_ds: DataSource): Promise<void> {
  // Filled in by the appraisal capability work.
}
