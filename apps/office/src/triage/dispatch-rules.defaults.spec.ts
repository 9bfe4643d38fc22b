import { DEPARTMENT_SPECS } from '@grid122/demo-street';
import { DEFAULT_CATEGORIES } from '../category/category.defaults';
import { DEFAULT_DISPATCH_RULES } from './dispatch-rules.defaults';

describe('DEFAULT_DISPATCH_RULES', () => {
  it('gives every default category a rule, and no rule to a category that does not exist', () => {
    expect(Object.keys(DEFAULT_DISPATCH_RULES).sort()).toEqual(DEFAULT_CATEGORIES.map((c) => c.code).sort());
  });

  it('names only departments the registry knows (department codes of the district)', () => {
    const known = new Set(DEPARTMENT_SPECS.map((d) => d.code));
    const unknown = Object.entries(DEFAULT_DISPATCH_RULES).flatMap(([c, r]) => r.departmentCodes.filter((d) => !known.has(d)).map((d) => `${c}: ${d}`));
    expect(unknown).toEqual([]);
  });

  it('does not send everything to the enforcement team', () => {
    const units = new Set(Object.values(DEFAULT_DISPATCH_RULES).map((r) => r.unit));
    expect([...units].sort()).toEqual(['enforcement', 'organisation', 'petitions', 'social']);
  });
});
