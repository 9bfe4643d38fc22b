import { DataSourceOptions } from 'typeorm';
import { runMigrations } from '@grid122/persistence';
import { tuneHeap } from './heap';

export interface AppCommands {
  serve: () => Promise<unknown>;
  dataSourceOptions: () => DataSourceOptions;
  seed?: () => Promise<void>;
}

/**
 * `node main.js [serve|migrate|seed]`: one entry point per app, so an image or an init container
 * runs migrations with the same code and config as the app.
 */
export async function runAppCli(app: string, commands: AppCommands, argv = process.argv.slice(2)): Promise<void> {
  const cmd = argv[0] ?? 'serve';
  try {
    switch (cmd) {
      case 'serve':
        tuneHeap();
        await commands.serve();
        return;
      case 'migrate': {
        const done = await runMigrations(commands.dataSourceOptions());
        process.stdout.write(`${JSON.stringify({ app, migrated: done })}\n`);
        return;
      }
      case 'seed':
        if (!commands.seed) throw new Error(`${app} has no demo seed`);
        await commands.seed();
        return;
      default:
        throw new Error(`Unknown command "${cmd}" (serve | migrate | seed)`);
    }
  } catch (e) {
    process.stderr.write(`${JSON.stringify({ app, level: 'fatal', msg: (e as Error).message })}\n`);
    process.exit(1);
  }
}
