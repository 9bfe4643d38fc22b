/**
 * Grid-path scoping with ltree: a row at `path` is visible to an actor with `scope` when
 * `path <@ scope` (path is scope or below it). An empty scope is the whole system (admin).
 */
export function isWithinScope(path: string | null | undefined, scope: string): boolean {
  if (!scope) return true;
  if (!path) return false;
  return path === scope || path.startsWith(`${scope}.`);
}

/** The narrower of a requested root and the actor's scope, or null when they do not overlap. */
export function narrowScope(scope: string, root?: string | null): string | null {
  if (!root) return scope;
  if (isWithinScope(root, scope)) return root;
  if (isWithinScope(scope, root)) return scope;
  return null;
}

export const LTREE_PATH = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
