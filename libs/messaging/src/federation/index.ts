export * from './federation-streams';
export * from './stream-consumer';
