export * from './errors';
export * from './events';
export * from './indicators';
export * from './plans';
export * from './scores';
export * from './reports';
export * from './surveys';
