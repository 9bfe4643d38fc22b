import { timeLimitProblems, TimeLimit } from '../clock/time-limit';
import { CategoryDefinition, KEY_AREAS } from './category.defaults';

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/**
 * Problems with a category table (empty when valid), for a table loaded from configuration:
 * codes ascii snake_case and unique, names present, key areas known, limits valid, stages
 * consistent with the disposal limit.
 */
export function categoryTableProblems(categories: readonly CategoryDefinition[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  categories.forEach((c, i) => {
    const where = `categories[${i}] (${String(c.code)})`;
    if (typeof c.code !== 'string' || !SNAKE_CASE.test(c.code)) problems.push(`${where}: code must be ascii snake_case`);
    else if (seen.has(c.code)) problems.push(`${where}: duplicate code`);
    seen.add(c.code);
    if (typeof c.name !== 'string' || c.name.trim() === '') problems.push(`${where}: name is empty`);
    if (!KEY_AREAS.includes(c.keyArea)) problems.push(`${where}: unknown key area "${String(c.keyArea)}"`);
    problems.push(...limitProblems(`${where}.limits.registerDispatch`, c.limits?.registerDispatch));
    problems.push(...limitProblems(`${where}.limits.dispose`, c.limits?.dispose));

    if (c.stages === undefined) return;
    if (c.stages.length === 0) problems.push(`${where}: stages, when given, must not be empty`);
    const stageCodes = new Set<string>();
    c.stages.forEach((s, j) => {
      const at = `${where}.stages[${j}]`;
      if (typeof s.code !== 'string' || !SNAKE_CASE.test(s.code)) problems.push(`${at}: code must be ascii snake_case`);
      else if (stageCodes.has(s.code)) problems.push(`${at}: duplicate stage code`);
      stageCodes.add(s.code);
      if (typeof s.name !== 'string' || s.name.trim() === '') problems.push(`${at}: name is empty`);
      problems.push(...limitProblems(`${at}.limit`, s.limit));
    });
    const first = c.stages[0]?.limit;
    if (first && c.limits?.dispose && (first.value !== c.limits.dispose.value || first.unit !== c.limits.dispose.unit)) {
      problems.push(`${where}: limits.dispose must equal the first stage's limit`);
    }
  });
  return problems;
}

/** The table by code; throws `RangeError` listing every problem when the table is invalid. */
export function indexCategories(categories: readonly CategoryDefinition[]): ReadonlyMap<string, CategoryDefinition> {
  const problems = categoryTableProblems(categories);
  if (problems.length > 0) throw new RangeError(`invalid category table:\n${problems.join('\n')}`);
  return new Map(categories.map((c) => [c.code, c]));
}

function limitProblems(where: string, limit: TimeLimit | undefined): string[] {
  if (limit === undefined || limit === null || typeof limit !== 'object') return [`${where}: missing`];
  return timeLimitProblems(limit).map((p) => `${where}: ${p}`);
}
