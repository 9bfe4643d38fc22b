const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一..九十九 as a number (三 → 3, 十二 → 12, 二十三 → 23); NaN for anything else. */
export function cnToNumber(s: string): number {
  if (s === '十') return 10;
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[2] ? CN_DIGITS[m[2]] : 0);
  if (s.length === 1 && s in CN_DIGITS) return CN_DIGITS[s];
  return Number.NaN;
}

/** Where a caller is, not where the place is: taken off the end. */
const TRAILING = /(门口|门前|旁边|边上|附近|对面|楼下|楼道|楼顶|屋顶|路口|东侧|西侧|南侧|北侧|东门|西门|南门|北门|大门|入口|出口|院内|内|处)+$/;

/**
 * An address as a caller gives it, reduced to what the registry names places by: full-width
 * characters folded, spaces and punctuation dropped, the province/city/district/street prefix
 * taken off, 幢/号楼/座/号楼栋 read as 栋 and Chinese numbers before them as digits, and the unit,
 * floor and room (2单元301室) and where the caller stands (门口, 旁边 …) taken off the end.
 * 南京市鼓楼区宝塔桥街道阳光小区三幢2单元301室门口 → 阳光小区3栋.
 */
export function normaliseAddress(input: string): string {
  let s = input.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '');
  s = s.replace(/^.{0,8}?省/u, '').replace(/^.{0,8}?市(?!场)/u, '');
  s = s.replace(/^.{1,5}?(?<![小社园景])区/u, '');
  s = s.replace(/^.{0,10}?街道/u, '');
  s = s.replace(/([零〇一二两三四五六七八九十]+)(?=栋|幢|号楼|座|号|单元)/gu, (m) => {
    const n = cnToNumber(m);
    return Number.isNaN(n) ? m : String(n);
  });
  s = s.replace(/(幢|号楼|座)/gu, '栋').replace(/(\d+)号栋/gu, '$1栋');
  // unit, floor, room: 2单元, 3层/3楼 (after a building), 301室/301号(室)
  s = s.replace(/(\d+栋).*$/u, '$1');
  s = s.replace(/\d+单元.*$/u, '').replace(/\d+室$/u, '');
  for (let i = 0; i < 3; i++) s = s.replace(TRAILING, '');
  return s;
}
