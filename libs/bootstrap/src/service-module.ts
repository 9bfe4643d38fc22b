import { DynamicModule, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { BaseEnv } from '@grid122/config';
import { AppName } from '@grid122/contracts';
import { AudienceRule, MessagingModule } from '@grid122/messaging';
import { PiiCipher } from '@grid122/privacy';
import { healthModuleFor } from './health.module';
import { ObservabilityModule } from './observability.module';

export interface ServiceModuleOptions<E extends BaseEnv> {
  app: AppName;
  /** The app's validated env, provided (and exported) as its own class. */
  env: E;
  envClass: Type<E>;
  dataSource: DataSourceOptions;
  /** The app's capability modules, its table of contents. */
  capabilities: NonNullable<DynamicModule['imports']>;
  /** Whom the app's events concern besides their place (MessagingModule's audience rule). */
  audience?: AudienceRule;
  /** The app's PiiCipher under its own keyring (env.piiKeys(app)), provided and exported. */
  pii?: boolean;
  /** false: the app writes no events, so has no outbox to relay (the gateway, identity, federation). */
  outbox?: boolean;
  /** The photos' object store, for the apps that keep photos (the office and the gateway that uploads them). */
  photoBucket?: { maxBytes: number };
}

/**
 * An app's root module, said once: observability, its database, messaging (the outbox, the
 * signed actor's keys, its NATS identity), health, then its capabilities — global, so every
 * capability sees the env, the data source, the outbox writer and the cipher. Every app's,
 * the gateway's included.
 */
export function serviceModule<E extends BaseEnv>(module: Type, o: ServiceModuleOptions<E>): DynamicModule {
  const { app, env } = o;
  const cipher = o.pii ? [{ provide: PiiCipher, useValue: new PiiCipher(env.piiKeys(app)) }] : [];
  return {
    module,
    global: true,
    imports: [
      ObservabilityModule.forRoot(app),
      TypeOrmModule.forRoot(o.dataSource),
      MessagingModule.forRoot({
        app,
        audience: o.audience,
        natsUrl: env.NATS_URL,
        rpcTimeoutMs: env.RPC_TIMEOUT_MS,
        outbox: o.outbox ?? true,
        streamReplicas: env.EVENT_STREAM_REPLICAS,
        streamMaxBytes: env.EVENT_STREAM_MAX_BYTES,
        photoBucket: o.photoBucket,
        actorKeys: env.actorKeys(),
        natsAuth: env.natsCredentials(),
      }),
      // The gateway's /health is its own (a fan-out to every service, among its capabilities).
      ...(app === 'gateway' ? [] : [healthModuleFor(app)]),
      ...o.capabilities,
    ],
    providers: [{ provide: o.envClass, useValue: env }, ...cipher],
    exports: [o.envClass, ...cipher.map((c) => c.provide)],
  };
}
