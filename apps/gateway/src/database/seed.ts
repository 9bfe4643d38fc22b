import { DataSource } from 'typeorm';
import { GatewayEnv } from '../config/gateway.env';

/** Demo accounts, one per role, and the district platform's API key. Filled in below. */
export async function seedDemo(_ds: DataSource, _env: GatewayEnv): Promise<void> {}
