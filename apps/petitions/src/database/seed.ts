import { DataSource } from 'typeorm';

/** Demo data of the petitions service for the demo street (DEMO_MODE only). Idempotent. */
export async function seedDemo(_ds: DataSource): Promise<void> {
  // Filled in by the petitions capability work.
}
