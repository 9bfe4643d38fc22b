import { DataSourceOptions } from 'typeorm';
import { migrationTarget } from './app-cli';

describe('migrationTarget (migrations as the owner, the app as its own role)', () => {
  const opts = { type: 'postgres', url: 'postgres://grid122_app:pw@db:5432/grid122', schema: 'gateway' } as DataSourceOptions;

  it('migrates with MIGRATION_DATABASE_URL and grants the role of DATABASE_URL', () => {
    const [o, g] = migrationTarget(opts, { MIGRATION_DATABASE_URL: 'postgres://grid122_owner:pw@db:5432/grid122' });
    expect((o as { url: string }).url).toBe('postgres://grid122_owner:pw@db:5432/grid122');
    expect(g).toEqual({ appRole: 'grid122_app' });
  });

  it('grants DATABASE_APP_ROLE when the owner migrates through DATABASE_URL (npm start)', () => {
    const [o, g] = migrationTarget({ ...opts, url: 'postgres://postgres@127.0.0.1/grid122' } as DataSourceOptions, { DATABASE_APP_ROLE: 'grid122_app' });
    expect((o as { url: string }).url).toBe('postgres://postgres@127.0.0.1/grid122');
    expect(g).toEqual({ appRole: 'grid122_app' });
  });

  it('grants nothing when one role migrates and serves', () => {
    expect(migrationTarget(opts, {})[1]).toEqual({ appRole: undefined });
  });
});
