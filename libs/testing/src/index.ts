export * from './test-database';
export * from './nats-server';
export * from './eventually';
export * from './test-env';
export * from './app-process';
export * from './nats-auth-config';
export * from './service-test';
export * from './appraisal-plan';
