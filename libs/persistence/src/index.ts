export * from './typeorm-options';
export * from './transaction-retry';
export * from './app-role';
