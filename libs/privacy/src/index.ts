export * from './pii';
export * from './event-data';
