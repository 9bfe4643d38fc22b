export * from './typeorm-options';
export * from './pii';
export * from './scope';
export * from './transaction-retry';
export * from './app-role';
