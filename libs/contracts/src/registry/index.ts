export * from './errors';
export * from './grid-locate';
