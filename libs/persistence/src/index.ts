export * from './typeorm-options';
export * from './transaction-retry';
export * from './app-role';
export * from './copy-in';
