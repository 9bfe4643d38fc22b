import { DataSource } from 'typeorm';

/** Demo data of the office service for the demo street (DEMO_MODE only). Idempotent. */
export async function seedDemo(_ds: DataSource): Promise<void> {
  // Filled in by the office capability work.
}
