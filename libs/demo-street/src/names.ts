// Synthetic Chinese names. All invented or generic; any match with a real person or business is chance.
import type { Rng } from './rng';
import type { GridClass } from './labels';

export const CN_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1..99 as Chinese numerals (一, 十二, 二十三). */
export function cnNumber(n: number): string {
  if (n <= 10) return CN_NUMERALS[n];
  if (n < 20) return '十' + CN_NUMERALS[n - 10];
  const t = Math.floor(n / 10);
  const u = n % 10;
  return CN_NUMERALS[t] + '十' + (u ? CN_NUMERALS[u] : '');
}

/** The demo street's 12 communities (一级网格): name, stem for compound names, class. */
export interface CommunitySpec {
  name: string;
  stem: string;
  gridClass: GridClass;
}
export const BAOTAQIAO_STREET_NAME = '宝塔桥街道';
export const BAOTAQIAO_COMMUNITIES: readonly CommunitySpec[] = [
  { name: '宝塔桥东街社区', stem: '宝东', gridClass: 'bing' },
  { name: '宝塔桥西街社区', stem: '宝西', gridClass: 'bing' },
  { name: '南化社区', stem: '南化', gridClass: 'yi' },
  { name: '南化新村社区', stem: '南新', gridClass: 'yi' },
  { name: '幕府山社区', stem: '幕府', gridClass: 'jia' },
  { name: '热河南路社区', stem: '热河', gridClass: 'bing' },
  { name: '天后村社区', stem: '天后', gridClass: 'bing' },
  { name: '金陵新村社区', stem: '金陵', gridClass: 'jia' },
  { name: '和燕路社区', stem: '和燕', gridClass: 'jia' },
  { name: '老虎山社区', stem: '虎山', gridClass: 'bing' },
  { name: '渡江路社区', stem: '渡江', gridClass: 'yi' },
  { name: '惠民桥社区', stem: '惠民', gridClass: 'yi' },
];

/** Stems for generated street names (+ 街道 / 路街道 / 桥街道 / 门街道). */
export const STREET_STEMS: readonly string[] = [
  '金川', '玉泉', '紫竹', '梧桐', '清凉', '龙江', '双塘', '石城', '凤凰', '江东', '小市', '阅江',
  '宁海', '华侨', '湖南', '建宁', '定淮', '汉中', '虎踞', '南湖', '莫愁', '青石', '迈皋', '尧化',
  '马群', '孝陵', '红山', '锁金', '新街', '朝天', '瑞金', '月牙', '光华', '大光', '秦虹', '双闸',
  '沙洲', '兴隆', '铁心', '赛虹', '梅山', '西善', '板桥', '秣陵', '东山', '淳化', '横溪', '顶山',
  '泰山', '沿江', '盘城', '葛塘', '长芦', '雄州', '龙袍', '永宁', '白云', '丁家', '姚坊', '燕华',
];
export const STREET_SUFFIXES: readonly string[] = ['街道', '路街道', '桥街道', '门街道'];

/** Stems for generated community names and their compounds. */
export const COMMUNITY_STEMS: readonly string[] = [
  '建宁', '姜家', '三河', '五塘', '华电', '晓庄', '许府', '龙池', '双龙', '望江', '江岸', '新门',
  '迎江', '盐仓', '清江', '中保', '龙园', '银城', '金河', '古平', '东井', '西桥', '北苑', '南苑',
  '蓝旗', '红花', '青云', '丁山', '八宝', '九华', '兴中', '长安', '永安', '和平', '幸福', '友谊',
  '团结', '光明', '复兴', '新民', '胜利', '东风', '向阳', '曙光', '朝阳', '春江', '桂花', '梅园',
  '竹园', '菊园', '荷花', '松涛', '柳营', '桃园', '杏林', '虹桥', '宝庆', '石榴', '海棠', '紫薇',
  '丹凤', '北祥', '东阳', '草场', '西流', '小营', '卫巷', '宁新', '樱驼', '大方', '童家', '钟阜',
];
const COMMUNITY_SUFFIXES: readonly string[] = ['社区', '社区', '社区', '新村社区', '路社区', '花园社区', '街社区'];

export function communityName(stem: string, rng: Rng): string {
  return stem + rng.pick(COMMUNITY_SUFFIXES);
}

// ---- level-2 compounds (自然小区) -------------------------------------------------------------
const COMPOUND_WORDS: readonly string[] = [
  '金陵', '阳光', '翠竹', '锦绣', '和谐', '康乐', '怡景', '馨怡', '滨江', '紫金', '钟山', '秀水',
  '明月', '嘉和', '润泽', '福瑞', '安居', '华庭', '银杏', '香樟', '玉兰', '碧桂', '欣悦', '泰和',
];
const COMPOUND_TYPES_BY_CLASS: Readonly<Record<GridClass, readonly string[]>> = {
  jia: ['小区', '花园', '苑', '家园', '雅居', '山庄', '公寓'],
  yi: ['新寓', '新寓', '保障房小区', '安置小区', '新村'],
  bing: ['小区', '新村', '苑', '新寓', '公寓'],
};
const FACTORY_STEMS: readonly string[] = [
  '化纤厂', '机床厂', '电子管厂', '晨光机械厂', '长江航运', '铁路', '汽车厂', '纺织厂', '钢铁厂',
  '化肥厂', '港务局', '船舶厂', '玻璃厂', '热电厂', '第二建筑公司', '粮食局', '煤炭公司',
];
const ROAD_STEMS: readonly string[] = ['热河南路', '幕府西路', '宝塔桥东街', '萨家湾', '建宁路', '中央北路', '和燕路', '渡江路'];

/** Name of the n-th (0-based) compound of a community; unique within the street thanks to `used`. */
export function compoundName(stem: string, gridClass: GridClass, n: number, rng: Rng, used: Set<string>, streetRoads: readonly string[]): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    let name: string;
    // Old work-unit housing is numbered (南化一村, 南化二村): favour that for the first compounds.
    const roll = attempt === 0 && n < 3 && gridClass !== 'jia' && rng.chance(0.5) ? 0 : rng.next();
    if (roll < 0.3) name = `${stem}${cnNumber(n + 1 + (attempt > 0 ? attempt + 3 : 0))}村`; // 南化二村
    else if (roll < 0.72) name = rng.pick(COMPOUND_WORDS) + rng.pick(COMPOUND_TYPES_BY_CLASS[gridClass]); // 金陵小区
    else if (roll < 0.86) name = `${rng.pick(FACTORY_STEMS)}宿舍`; // 化纤厂宿舍
    else name = `${rng.pick(streetRoads)}${rng.int(1, 199)}号院`; // 热河南路12号院
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  const fallback = `${stem}${cnNumber((n % 90) + 1)}区${used.size}`;
  used.add(fallback);
  return fallback;
}

const MERGE_PARTNER_ENTERPRISES: readonly string[] = [
  '长江航运公司宿舍区', '南京化纤厂', '金陵船厂宿舍', '晨光机械厂家属区', '宝塔桥粮库', '市政工程公司', '港务局职工宿舍',
  '第三建筑公司', '电力修造厂', '煤炭公司宿舍', '热电厂家属区', '供销社宿舍',
];

/** Reason a small compound became a merged level-2 grid (DOMAIN §3: under 300 households merge). */
export function mergeReason(stem: string, households: number, rng: Rng, used: Set<string>): string {
  let partner: string;
  if (rng.chance(0.55)) {
    let k = rng.int(3, 9);
    partner = `${stem}${cnNumber(k)}村`;
    while (used.has(partner) && k < 30) partner = `${stem}${cnNumber(++k)}村`; // a neighbour that is not itself a grid
  } else {
    partner = rng.pick(MERGE_PARTNER_ENTERPRISES);
  }
  used.add(partner); // so no later grid takes the partner's name
  return `不足300户（${households}户），与相邻${partner}合并为一个二级网格`;
}

export function roadsForStem(stem: string): string[] {
  return [`${stem}路`, `${stem}街`, `${stem}东路`, `${stem}西路`];
}
export const BAOTAQIAO_ROADS = ROAD_STEMS;

// ---- people ----------------------------------------------------------------------------------
// Common surnames, most frequent first; weights fall off like the real (Zipf-ish) distribution.
const SURNAMES: readonly string[] = (
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤'
).split('');
// Cumulative weights for a binary-search pick: names are drawn ~10^6 times in a scaled city.
const SURNAME_CUMULATIVE: readonly number[] = (() => {
  let acc = 0;
  return SURNAMES.map((_, i) => (acc += 1 / (i + 4)));
})();

function pickSurname(rng: Rng): string {
  const r = rng.next() * SURNAME_CUMULATIVE[SURNAME_CUMULATIVE.length - 1];
  let lo = 0;
  let hi = SURNAME_CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (SURNAME_CUMULATIVE[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return SURNAMES[lo];
}
const GIVEN_MALE: readonly string[] = '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁海建国峰龙林俊浩宇志文东晨阳凯健旭亮成荣福德才'.split('');
const GIVEN_FEMALE: readonly string[] = '芳娜敏静丽艳娟霞燕玲萍红梅琳婷雪慧颖洁倩莉兰凤佳欣悦雯晶琴云秀英桂珍'.split('');
const GIVEN_FIRST: readonly string[] = '建晓小金子思嘉雨新志永海春秋玉立家国德明文宏学'.split('');

export type Gender = 'male' | 'female';

export function personName(rng: Rng, gender: Gender): string {
  const surname = pickSurname(rng);
  const pool = gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  return rng.chance(0.72) ? surname + rng.pick(GIVEN_FIRST) + rng.pick(pool) : surname + rng.pick(pool);
}

export function randomSurname(rng: Rng): string {
  return pickSurname(rng);
}

// Mobile prefixes (139/138/137... China Mobile, 133/189 Telecom, 186 Unicom). Ten of them so the
// number space is 10 × 10^8 and phoneNumber() below can be a bijection.
const PHONE_PREFIXES: readonly string[] = ['139', '138', '137', '136', '135', '158', '159', '186', '189', '133'];

/**
 * Synthetic 11-digit mobile number, unique per ordinal: an affine bijection of [0, 10^9) (the
 * multiplier 3^18 is coprime with 10^9), so distinct ordinals never share a number, while
 * consecutive ordinals land far apart and do not look sequential.
 */
export function phoneNumber(ordinal: number, salt: number): string {
  const space = 1_000_000_000;
  const m = (mulMod(ordinal % space, 387_420_489, space) + (salt % space)) % space;
  const prefix = PHONE_PREFIXES[Math.floor(m / 100_000_000)];
  return prefix + String(m % 100_000_000).padStart(8, '0');
}

/** a*b mod m for a, b < m <= 1e9 without leaving the exact range of doubles. */
function mulMod(a: number, b: number, m: number): number {
  const hi = Math.floor(a / 100_000);
  const lo = a % 100_000;
  return (((hi * b) % m) * 100_000 + lo * b) % m;
}

// ---- organisations ---------------------------------------------------------------------------
const SHOP_WORDS: readonly string[] = [
  '惠民', '兴隆', '福满', '老街', '康宁', '美佳', '诚信', '鑫源', '金鼎', '聚福', '百姓', '顺心',
  '红星', '万家', '邻里', '好运', '佳乐', '永盛', '四季', '喜来',
];
const SHOP_TYPES: readonly string[] = [
  '超市', '便利店', '五金店', '大药房', '理发店', '水果店', '烟酒店', '服装店', '手机维修', '干洗店',
  '文具店', '粮油店', '花店', '眼镜店', '电动车行', '洗车店', '快递驿站', '母婴店',
];
const RESTAURANT_TYPES: readonly string[] = [
  '面馆', '小吃店', '鸭血粉丝汤', '早点铺', '饺子馆', '川菜馆', '烧烤店', '快餐店', '馄饨店', '生煎包',
  '盐水鸭', '牛肉锅贴', '酒楼', '奶茶店',
];
const ENTERPRISE_WORDS: readonly string[] = ['宏达', '华泰', '金鹏', '恒通', '瑞丰', '鼎新', '永盛', '天成', '宝源', '中联', '江宁', '扬子'];
const ENTERPRISE_TRADES: readonly string[] = ['机械制造', '化工', '物流', '建材', '电子科技', '印刷', '食品', '服装', '环保科技', '建筑工程', '物业管理', '汽车维修'];

export function shopName(rng: Rng, surname: string): string {
  return rng.chance(0.25) ? `${surname}记${rng.pick(SHOP_TYPES)}` : rng.pick(SHOP_WORDS) + rng.pick(SHOP_TYPES);
}
export function restaurantName(rng: Rng, surname: string): string {
  return rng.chance(0.4) ? `${surname}记${rng.pick(RESTAURANT_TYPES)}` : rng.pick(SHOP_WORDS) + rng.pick(RESTAURANT_TYPES);
}
export function enterpriseName(rng: Rng): string {
  return `南京${rng.pick(ENTERPRISE_WORDS)}${rng.pick(ENTERPRISE_TRADES)}有限公司`;
}
export function schoolName(rng: Rng, stem: string): string {
  return rng.pick([`南京市${stem}小学`, `${stem}幼儿园`, `南京市${stem}中学`, `${stem}实验小学`]);
}
/** A private clinic (every community also has its own 卫生服务站). */
export function clinicName(rng: Rng, surname: string): string {
  return rng.pick([`${surname}氏诊所`, `${surname}氏中医诊所`, '仁爱诊所', '康泰口腔诊所', '惠民中西医结合诊所']);
}
