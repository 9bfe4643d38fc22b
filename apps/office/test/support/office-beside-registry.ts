import { ServiceTestOptions } from '@grid122/testing';
import { AppModule as RegistryModule } from '../../../grid-registry/src/app.module';
import { dataSourceOptions as registryDs } from '../../../grid-registry/src/database/data-source';
import { seedDemo as seedRegistry } from '../../../grid-registry/src/database/seed';
import { AppModule } from '../../src/app.module';
import { dataSourceOptions } from '../../src/database/data-source';

/**
 * The office under test with the real grid registry beside it on the demo street (its polygons
 * place a report, its neighbours and names feed the hot spots, its departments the dispatch
 * suggestion), the sweep off: `serviceUnderTest(officeBesideRegistry())`.
 */
export const officeBesideRegistry = (env: Record<string, string> = {}): ServiceTestOptions => ({
  app: 'office',
  module: () => AppModule.forRoot(),
  dataSource: dataSourceOptions,
  env: { OFFICE_SWEEP_INTERVAL_MS: '0', ...env },
  beside: [{ app: 'grid-registry', module: () => RegistryModule.forRoot(), dataSource: registryDs, seed: seedRegistry }],
});
