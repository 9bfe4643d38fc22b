import { GatewayBaseline1796100000000 } from './1796100000000-GatewayBaseline';

/** The gateway's history, squashed into one baseline in 2026-12 (docs/operations.md, "Upgrading"). */
export const MIGRATIONS = [GatewayBaseline1796100000000];
