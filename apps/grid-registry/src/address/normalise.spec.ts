import { cnToNumber, normaliseAddress } from './normalise';

describe(normaliseAddress.name, () => {
  it.each([
    ['南京市鼓楼区宝塔桥街道阳光小区三幢2单元301室门口', '阳光小区3栋'],
    ['江苏省南京市鼓楼区阳光小区3号楼', '阳光小区3栋'],
    ['阳光小区 十二栋 楼下', '阳光小区12栋'],
    ['鼓楼区金陵花园', '金陵花园'],
    ['阳光小区', '阳光小区'],
    ['热河南路菜市场门口', '热河南路菜市场'],
    ['幕府山社区阳光小区２幢', '幕府山社区阳光小区2栋'],
    ['市场监管局旁边', '市场监管局'],
  ])('%s → %s', (input, want) => {
    expect(normaliseAddress(input)).toBe(want);
  });

  it('keeps a compound whose name ends in 区 (小区, 社区, 园区)', () => {
    expect(normaliseAddress('幸福小区5栋')).toBe('幸福小区5栋');
    expect(normaliseAddress('科技园区')).toBe('科技园区');
  });
});

describe(cnToNumber.name, () => {
  it.each([
    ['三', 3],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十三', 23],
    ['两', 2],
  ])('%s = %d', (s, n) => expect(cnToNumber(s)).toBe(n));
  it('is NaN for what is not a number', () => expect(cnToNumber('百')).toBeNaN());
});
