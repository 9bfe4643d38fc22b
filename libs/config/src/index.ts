export * from './load-config';
export * from './base.env';
export * from './settings';
