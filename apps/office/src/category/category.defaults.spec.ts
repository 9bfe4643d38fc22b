import { categoryTableProblems, indexCategories } from './category-table';
import {
  CategoryDefinition,
  DEFAULT_CATEGORIES,
  DEFAULT_REGISTER_DISPATCH_LIMIT,
  KEY_AREA_LABELS,
  KEY_AREAS,
  KeyArea,
} from './category.defaults';

const byCode = (code: string): CategoryDefinition => {
  const found = DEFAULT_CATEGORIES.find((c) => c.code === code);
  if (!found) throw new Error(`no default category ${code}`);
  return found;
};

describe('DEFAULT_CATEGORIES', () => {
  it('is a valid table', () => {
    expect(categoryTableProblems(DEFAULT_CATEGORIES)).toEqual([]);
  });

  it('is plain JSON data', () => {
    expect(JSON.parse(JSON.stringify(DEFAULT_CATEGORIES))).toEqual(DEFAULT_CATEGORIES);
  });

  it.each(KEY_AREAS)('covers %s with 3 to 8 categories', (area) => {
    const count = DEFAULT_CATEGORIES.filter((c) => c.keyArea === area).length;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(8);
  });

  it('registers and dispatches within 1 working hour', () => {
    expect(DEFAULT_REGISTER_DISPATCH_LIMIT).toEqual({ value: 1, unit: 'working_hours' });
    for (const c of DEFAULT_CATEGORIES) expect(c.limits.registerDispatch).toEqual(DEFAULT_REGISTER_DISPATCH_LIMIT);
  });

  it.each([
    ['exposed_rubbish', '暴露垃圾', 'other', { value: 4, unit: 'working_hours' }],
    ['muck', '渣土', 'other', { value: 2, unit: 'working_days' }],
    ['greenery_upkeep', '绿化养护', 'other', { value: 5, unit: 'working_days' }],
    ['general_complaint', '一般诉求投诉', 'petitions_stability', { value: 7, unit: 'calendar_days' }],
    ['complex_complaint', '疑难复杂诉求', 'petitions_stability', { value: 15, unit: 'calendar_days' }],
  ])('has the field limit for %s', (code, name, keyArea, dispose) => {
    expect(byCode(code)).toMatchObject({ name, keyArea, limits: { dispose } });
  });

  it('stages illegal building: stop work 4 working hours, penalty 7 days, demolition 20 days', () => {
    const illegalBuilding = byCode('illegal_building');
    expect(illegalBuilding.name).toBe('违法建设');
    expect(illegalBuilding.keyArea).toBe('illegal_construction');
    expect(illegalBuilding.stages).toEqual([
      { code: 'stop_work', name: '责令停工', limit: { value: 4, unit: 'working_hours' } },
      { code: 'penalty', name: '立案处罚', limit: { value: 7, unit: 'calendar_days' } },
      { code: 'demolition', name: '限期拆除', limit: { value: 20, unit: 'calendar_days' } },
    ]);
    expect(illegalBuilding.limits.dispose).toEqual({ value: 4, unit: 'working_hours' });
  });

  it('does not share limit objects between rows', () => {
    const limits = DEFAULT_CATEGORIES.flatMap((c) => [c.limits.registerDispatch, c.limits.dispose]);
    expect(new Set(limits).size).toBe(limits.length);
  });
});

describe('KEY_AREA_LABELS', () => {
  it('labels the six key areas and 其它 in Chinese and English', () => {
    expect(Object.keys(KEY_AREA_LABELS).sort()).toEqual([...KEY_AREAS].sort());
    expect(KEY_AREAS.map((a) => KEY_AREA_LABELS[a].zh)).toEqual([
      '非法生产',
      '非法经营',
      '非法建设',
      '安全生产',
      '信访稳定',
      '基层组织建设',
      '其它',
    ]);
    for (const a of KEY_AREAS) expect(KEY_AREA_LABELS[a].en).toMatch(/^[A-Z]/);
  });
});

describe(categoryTableProblems.name, () => {
  const valid: CategoryDefinition = {
    code: 'exposed_rubbish',
    name: '暴露垃圾',
    keyArea: KeyArea.Other,
    limits: { registerDispatch: { value: 1, unit: 'working_hours' }, dispose: { value: 4, unit: 'working_hours' } },
  };

  it.each<[string, CategoryDefinition[], RegExp]>([
    ['a code that is not snake_case', [{ ...valid, code: 'ExposedRubbish' }], /snake_case/],
    ['a non-ascii code', [{ ...valid, code: '暴露垃圾' }], /snake_case/],
    ['duplicate codes', [valid, { ...valid }], /duplicate code/],
    ['an empty name', [{ ...valid, name: ' ' }], /name is empty/],
    ['an unknown key area', [{ ...valid, keyArea: 'traffic' as never }], /unknown key area/],
    ['a zero limit', [{ ...valid, limits: { ...valid.limits, dispose: { value: 0, unit: 'working_hours' } } }], /positive/],
    ['fractional calendar days', [{ ...valid, limits: { ...valid.limits, dispose: { value: 2.5, unit: 'calendar_days' } } }], /whole/],
    ['a missing limit', [{ ...valid, limits: { registerDispatch: valid.limits.registerDispatch } as never }], /dispose: missing/],
    [
      'a dispose limit unlike the first stage',
      [{ ...valid, stages: [{ code: 'clear', name: '清运', limit: { value: 2, unit: 'working_hours' } }] }],
      /first stage/,
    ],
    [
      'duplicate stage codes',
      [
        {
          ...valid,
          stages: [
            { code: 'clear', name: '清运', limit: { value: 4, unit: 'working_hours' } },
            { code: 'clear', name: '清运', limit: { value: 4, unit: 'working_hours' } },
          ],
        },
      ],
      /duplicate stage code/,
    ],
  ])('finds %s', (_, table, problem) => {
    expect(categoryTableProblems(table).join('\n')).toMatch(problem);
  });

  it('indexes a valid table by code and refuses an invalid one', () => {
    expect(indexCategories(DEFAULT_CATEGORIES).get('muck')?.name).toBe('渣土');
    expect(() => indexCategories([valid, valid])).toThrow(/duplicate code/);
  });
});
