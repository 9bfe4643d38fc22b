/**
 * Human-readable incident codes: `<STREET>-<YYYYMMDD>-<NNNN>`, e.g. `BTQ-20261122-0007`. The
 * sequence is per street per local day, drawn from a counter row locked by its upsert, so
 * concurrent intakes never share a number.
 */

/** The street's path: the first `depth` labels of a grid path (nj.gulou.btq.c01… → nj.gulou.btq). */
export function streetPathOf(gridPath: string, depth: number): string {
  const labels = gridPath.split('.');
  return labels.slice(0, Math.min(depth, labels.length)).join('.');
}

/** The community (L1) path: one label below the street, when the grid is that deep. */
export function communityPathOf(gridPath: string, streetDepth: number): string | null {
  const labels = gridPath.split('.');
  return labels.length > streetDepth ? labels.slice(0, streetDepth + 1).join('.') : null;
}

export function formatIncidentCode(streetPath: string, localDate: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`seq must be a positive integer, got ${seq}`);
  return `${incidentCodePrefix(streetPath, localDate)}${String(seq).padStart(4, '0')}`;
}

/** `<STREET>-<YYYYMMDD>-`: the code without its number (intake numbers it in SQL, see the repository). */
export function incidentCodePrefix(streetPath: string, localDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(localDate)) throw new RangeError(`localDate must be YYYY-MM-DD, got ${localDate}`);
  const street = streetPath.split('.').pop()!.toUpperCase();
  return `${street}-${localDate.replace(/-/g, '')}-`;
}
