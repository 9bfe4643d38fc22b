export * from './observability.module';
export * from './health.module';
export * from './bootstrap-service';
export * from './app-cli';
export * from './heap';
export * from './reencrypt-pii';
export * from './service-module';
