import { requireTwoOfficers } from './officers';

describe(requireTwoOfficers.name, () => {
  it('accepts two named officers', () => {
    expect(requireTwoOfficers([{ name: '王强', badgeNo: '32010001' }, { name: '李明' }], 'inspection')).toHaveLength(2);
  });
  it('refuses one officer, none, or the same name twice', () => {
    for (const o of [[{ name: '王强' }], [], [{ name: '王强' }, { name: ' 王强 ' }], [{ name: '王强' }, { name: '  ' }]]) {
      expect(() => requireTwoOfficers(o, 'inspection')).toThrow(expect.objectContaining({ code: 'ENFORCEMENT_TWO_OFFICERS_REQUIRED' }));
    }
  });
});
