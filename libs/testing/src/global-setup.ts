import { assertTestDatabase, createTemplateDatabase, ensureAppRole, testServerUrl } from './test-database';

/** Jest globalSetup for e2e specs: one template database with the extensions, cloned per file. */
export default async function globalSetup(): Promise<void> {
  assertTestDatabase(testServerUrl());
  await createTemplateDatabase();
  await ensureAppRole();
}
