export * from './typeorm-options';
export * from './transaction-retry';
export * from './app-role';
export * from './copy-in';
export * from './keyset';
export * from './sql-params';
export * from './row-point';
export * from './row-time';
