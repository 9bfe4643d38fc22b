import { DataSource } from 'typeorm';

/**
 * What the application role may not do in a schema, beyond the rights it is given there
 * (SELECT, INSERT, UPDATE, DELETE on tables, sequences, functions): audit records it may only
 * read and append to, rows it may only read (kept by a SECURITY DEFINER trigger), and functions
 * that belong to operations (等保三级: the app cannot rewrite or shorten its own audit trail).
 */
export const APP_ROLE_LIMITS: Record<string, { appendOnly?: string[]; readOnly?: string[]; ownerFunctions?: string[] }> = {
  identity: { appendOnly: ['audit_log'], readOnly: ['audit_chain_head'], ownerFunctions: ['prune_audit_log(int)'] },
  enforcement: { appendOnly: ['case_log'] },
};

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The user named in a postgres:// URL (the role the connection logs in as). */
export function databaseUser(url: string): string {
  return decodeURIComponent(new URL(url).username || 'postgres');
}

/**
 * Run as the schema's owner after its migrations: the application role (what the app connects
 * as, never the owner) gets USAGE on the schema and the ordinary rights on what is there now,
 * minus the limits above. Idempotent; run after every migration, so new tables are covered.
 */
export async function grantAppRole(ds: DataSource, schema: string, role: string): Promise<void> {
  if (!ROLE_NAME.test(role)) throw new Error(`Invalid application role name "${role}"`);
  const s = `"${schema}"`;
  const r = `"${role}"`;
  const q = (sql: string) => ds.query(sql);
  await q(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
  await q(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`);
  await q(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA ${s} FROM ${r}`);
  await q(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`);
  await q(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${r}`);
  const limits = APP_ROLE_LIMITS[schema] ?? {};
  for (const t of limits.appendOnly ?? []) await q(`REVOKE UPDATE, DELETE, TRUNCATE ON ${s}."${t}" FROM ${r}`);
  for (const t of limits.readOnly ?? []) await q(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${s}."${t}" FROM ${r}`);
  for (const f of limits.ownerFunctions ?? []) await q(`REVOKE EXECUTE ON FUNCTION ${s}.${f} FROM ${r}`);
}
