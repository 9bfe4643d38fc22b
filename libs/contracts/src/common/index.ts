export * from './services';
export * from './actor';
export * from './key-areas';
export * from './pagination';
export * from './errors';
export * from './events';
export * from './health';
export * from './unit-cases';
