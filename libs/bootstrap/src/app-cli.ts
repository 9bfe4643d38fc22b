import { DynamicModule } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ServiceName } from '@grid122/contracts';
import { BaseEnv, loadConfig } from '@grid122/config';
import { connectNats, runDeadLetterCommand } from '@grid122/messaging';
import { startTracing } from '@grid122/observability';
import { databaseUser, runMigrations } from '@grid122/persistence';
import { PiiCipher } from '@grid122/privacy';
import { BlindIndexColumn, reencryptProtectedValues, ReencryptResult, rehashBlindIndexes } from './reencrypt-pii';
import { tuneHeap } from './heap';
import { bootstrapService } from './bootstrap-service';

export interface AppCommands {
  serve: () => Promise<unknown>;
  dataSourceOptions: () => DataSourceOptions;
  seed?: () => Promise<void>;
  /**
   * `reencrypt-pii`, first: the app's values still in clear in columns protected since (rows written
   * before the protection, or by an older replica during a rolling update), encrypted under the
   * active key; safe to run again.
   */
  protectPlain?: (ds: DataSource, cipher: PiiCipher) => Promise<ReencryptResult[]>;
  /** `reencrypt-pii`, last: the app's blind-index columns, re-hashed under the active hash key. */
  blindIndexes?: readonly BlindIndexColumn[];
}

/**
 * `node main.js [serve|migrate|seed|dead-letters …]`: one entry point per app, so an image or an
 * init container runs migrations (and an operator the dead-letter command) with the same code and
 * config as the app.
 */
export async function runAppCli(app: string, commands: AppCommands, argv = process.argv.slice(2)): Promise<void> {
  const cmd = argv[0] ?? 'serve';
  try {
    switch (cmd) {
      case 'serve':
        tuneHeap();
        // Traces only when an OTLP endpoint is configured (docs/operations.md, "Traces"); before
        // the app's first database connection loads the driver the pg instrumentation patches.
        startTracing(app);
        await commands.serve();
        return;
      case 'migrate': {
        const done = await runMigrations(...migrationTarget(commands.dataSourceOptions()));
        process.stdout.write(`${JSON.stringify({ app, migrated: done })}\n`);
        return;
      }
      case 'seed':
        if (!commands.seed) throw new Error(`${app} has no demo seed`);
        await commands.seed();
        return;
      case 'dead-letters': {
        const cfg = loadConfig(BaseEnv);
        const nc = await connectNats(cfg.NATS_URL, `${app}-dead-letters`, cfg.natsCredentials() && { user: cfg.NATS_USER ?? app, password: cfg.NATS_PASSWORD! });
        const code = await runDeadLetterCommand(nc, argv.slice(1), (l) => process.stdout.write(`${l}\n`));
        await nc.drain();
        process.exitCode = code;
        return;
      }
      case 'reencrypt-pii': {
        const cfg = loadConfig(BaseEnv);
        const cipher = new PiiCipher(cfg.piiKeys(app));
        const options = commands.dataSourceOptions();
        const ds = await new DataSource(options).initialize();
        try {
          const plain = (await commands.protectPlain?.(ds, cipher)) ?? [];
          const schema = (options as { schema?: string }).schema ?? 'public';
          const columns = [...plain, ...(await reencryptProtectedValues(ds, schema, cipher)), ...(await rehashBlindIndexes(ds, schema, cipher, commands.blindIndexes ?? []))];
          process.stdout.write(`${JSON.stringify({ app, activeKeyId: cipher.activeKeyId, activeHashKeyId: cipher.activeHashKeyId, columns })}\n`);
          if (columns.some((c) => c.unreadable > 0)) process.exitCode = 2;
        } finally {
          await ds.destroy();
        }
        return;
      }
      default:
        throw new Error(`Unknown command "${cmd}" (serve | migrate | seed | dead-letters | reencrypt-pii)`);
    }
  } catch (e) {
    process.stderr.write(`${JSON.stringify({ app, level: 'fatal', msg: (e as Error).message })}\n`);
    process.exit(1);
  }
}

/**
 * A service's entry point, said once: its validated env, its root module, its demo data, and the
 * other commands' settings as runAppCli takes them (data source, reencrypt-pii's columns).
 */
export interface ServiceCli<E extends BaseEnv> extends Omit<AppCommands, 'serve' | 'seed'> {
  env: () => E;
  module: (env: E) => DynamicModule;
  /** The demo street's data (`seed`), written on a connection of its own. */
  seed?: (ds: DataSource) => Promise<void>;
}

/** `runAppCli` for a service: `serve` boots its module as a hybrid app on the env's NATS, port and host. */
export function runServiceCli<E extends BaseEnv>(app: ServiceName, { env, module, seed, ...commands }: ServiceCli<E>): Promise<void> {
  return runAppCli(app, {
    ...commands,
    serve: async () => {
      const e = env();
      return bootstrapService({ app, module: module(e) as never, natsUrl: e.NATS_URL, port: e.PORT, host: e.HOST, logLevel: e.LOG_LEVEL });
    },
    seed:
      seed &&
      (async () => {
        const ds = await new DataSource(commands.dataSourceOptions()).initialize();
        try {
          await seed(ds);
        } finally {
          await ds.destroy();
        }
      }),
  });
}

/**
 * Migrations run as the schema's owner, the app as a role that is not (docs/security.md, "Database
 * roles"): `MIGRATION_DATABASE_URL` names the owner's connection (else DATABASE_URL's role owns
 * and migrates); the application role, granted its rights after the migrations, is
 * `DATABASE_APP_ROLE`, else the role of DATABASE_URL when it is not the owner.
 */
export function migrationTarget(options: DataSourceOptions, env: NodeJS.ProcessEnv = process.env): [DataSourceOptions, { appRole?: string }] {
  const appUrl = (options as { url?: string }).url;
  const ownerUrl = env.MIGRATION_DATABASE_URL || appUrl;
  const appRole = env.DATABASE_APP_ROLE || (appUrl ? databaseUser(appUrl) : undefined);
  const owner = ownerUrl ? databaseUser(ownerUrl) : undefined;
  return [{ ...options, url: ownerUrl } as DataSourceOptions, { appRole: appRole && appRole !== owner ? appRole : undefined }];
}
