import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';
export type Label = { zh: string; en: string };

/** UI strings: Chinese first (the street office's working language), English beside it. */
const DICT = {
  appTitle: { zh: '网格化管理指挥中心', en: 'Grid management command centre' },
  board: { zh: '指挥大屏', en: 'Command board' },
  themes: { zh: '每月一题', en: 'Theme of the month' },
  desk: { zh: '案件受理台', en: 'Incident desk' },
  grids: { zh: '网格浏览', en: 'Grid explorer' },
  units: { zh: '组队工作', en: 'Unit pages' },
  worker: { zh: '网格员', en: 'Grid worker' },
  logout: { zh: '退出', en: 'Log out' },
  language: { zh: 'English', en: '中文' },
  switchLanguage: { zh: '切换到英文', en: 'Switch to Chinese' },
  login: { zh: '登录', en: 'Log in' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  loggingIn: { zh: '正在登录…', en: 'Logging in…' },
  loginFailed: { zh: '登录失败', en: 'Login failed' },
  sessionExpired: { zh: '登录已过期，请重新登录。', en: 'Your session has expired. Please log in again.' },
  unavailable: { zh: '暂不可用', en: 'Unavailable' },
  unavailableHint: { zh: '该服务暂时无法访问，页面其他部分不受影响。', en: 'This service cannot be reached right now; the rest of the page keeps working.' },
  notLanded: { zh: '该功能的接口尚未上线。', en: 'This API is not available on this server yet.' },
  forbidden: { zh: '当前角色无权查看。', en: 'Your role may not see this.' },
  loading: { zh: '加载中…', en: 'Loading…' },
  retry: { zh: '重试', en: 'Retry' },
  empty: { zh: '暂无数据', en: 'Nothing yet' },
  today: { zh: '今日', en: 'Today' },
  thisMonth: { zh: '本月', en: 'This month' },
  found: { zh: '发现', en: 'Found' },
  solved: { zh: '解决', en: 'Solved' },
  closureRate: { zh: '办结率', en: 'Closure rate' },
  onTimeRate: { zh: '按期结案率', en: 'On-time closure' },
  keyAreaTable: { zh: '重点领域问题台账', en: 'Key-area ledger' },
  keyArea: { zh: '重点领域', en: 'Key area' },
  total: { zh: '合计', en: 'Total' },
  lights: { zh: '红黄绿灯', en: 'Traffic lights' },
  overdue: { zh: '超期案件', en: 'Overdue' },
  supervised: { zh: '督办', en: 'Supervised' },
  resolutionLevels: { zh: '解决层级占比', en: 'Resolution level shares' },
  units122: { zh: '一办两组两队', en: 'The five units of "122"' },
  office: { zh: '一办（指挥中心）', en: 'The office' },
  openQueue: { zh: '待办', en: 'Open queue' },
  liveFeed: { zh: '实时动态', en: 'Live feed' },
  live: { zh: '实时', en: 'Live' },
  polling: { zh: '轮询中（实时推送不可用）', en: 'Polling (live stream unavailable)' },
  connecting: { zh: '连接中…', en: 'Connecting…' },
  map: { zh: '网格地图', en: 'Grid map' },
  openIncidents: { zh: '在办案件', en: 'Open incidents' },
  search: { zh: '搜索', en: 'Search' },
  state: { zh: '状态', en: 'State' },
  all: { zh: '全部', en: 'All' },
  light: { zh: '灯色', en: 'Light' },
  unit: { zh: '承办单位', en: 'Unit' },
  exportXlsx: { zh: '导出 XLSX', en: 'Export XLSX' },
  more: { zh: '加载更多', en: 'Load more' },
  code: { zh: '编号', en: 'Code' },
  title: { zh: '标题', en: 'Title' },
  category: { zh: '类别', en: 'Category' },
  grid: { zh: '网格', en: 'Grid' },
  reportedAt: { zh: '上报时间', en: 'Reported' },
  deadline: { zh: '时限', en: 'Deadline' },
  history: { zh: '办理过程', en: 'History' },
  photos: { zh: '照片', en: 'Photos' },
  photosReported: { zh: '上报（处置前）', en: 'Reported (before)' },
  photosHandled: { zh: '处置后', en: 'After handling' },
  photosVerified: { zh: '核查', en: 'At verification' },
  clock: { zh: '计时', en: 'Clock' },
  remaining: { zh: '剩余', en: 'Remaining' },
  overdueBy: { zh: '已超期', en: 'Overdue by' },
  minutes: { zh: '分钟', en: 'min' },
  actions: { zh: '操作', en: 'Actions' },
  reason: { zh: '原因', en: 'Reason' },
  result: { zh: '处置结果', en: 'Result' },
  note: { zh: '备注', en: 'Note' },
  department: { zh: '职能部门', en: 'Department' },
  submit: { zh: '提交', en: 'Submit' },
  cancel: { zh: '取消', en: 'Cancel' },
  done: { zh: '已完成', en: 'Done' },
  close: { zh: '关闭', en: 'Close' },
  selectIncident: { zh: '从左侧选择一个案件查看详情。', en: 'Pick an incident on the left to see it.' },
  treeTitle: { zh: '网格树', en: 'Grid tree' },
  gridClass: { zh: '类别/等级', en: 'Class / grade' },
  households: { zh: '户数', en: 'Households' },
  buildings: { zh: '楼栋', en: 'Buildings' },
  shopfronts: { zh: '门店', en: 'Shopfronts' },
  heads: { zh: '责任人（1+X+Y）', en: 'People (1+X+Y)' },
  departments: { zh: '下沉部门', en: 'Seconded departments' },
  party: { zh: '党组织', en: 'Party organisation' },
  gaps: { zh: '网格长空缺', en: 'Grids without a head' },
  enforcementCases: { zh: '执法案件', en: 'Enforcement cases' },
  operations: { zh: '联合行动', en: 'Joint operations' },
  petitions: { zh: '信访', en: 'Petitions' },
  disputes: { zh: '矛盾纠纷', en: 'Disputes' },
  followUps: { zh: '特殊人群走访到期', en: 'Special-population follow-ups due' },
  warning: { zh: '稳定预警', en: 'Stability warning' },
  careRecipients: { zh: '服务对象', en: 'Care recipients' },
  volunteers: { zh: '志愿者', en: 'Volunteers' },
  supermarket: { zh: '爱心超市', en: 'Love supermarket' },
  rankings: { zh: '考核排名', en: 'Appraisal rankings' },
  notice: { zh: '月度通报', en: 'Monthly notice' },
  figures: { zh: '主要指标', en: 'Figures' },
  myDiary: { zh: '今日民情日志', en: "Today's diary" },
  route: { zh: '巡查路线/楼栋', en: 'Route / buildings' },
  householdsVisited: { zh: '走访户数', en: 'Households visited' },
  notes: { zh: '民情记录', en: 'Notes' },
  addProblem: { zh: '添加发现的问题', en: 'Add a problem found' },
  problem: { zh: '问题', en: 'Problem' },
  remove: { zh: '移除', en: 'Remove' },
  useLocation: { zh: '使用当前位置', en: 'Use my location' },
  locationSet: { zh: '已定位', en: 'Location set' },
  locationFailed: { zh: '无法获取位置', en: 'Could not get the location' },
  photo: { zh: '拍照/照片', en: 'Photo' },
  fileDiary: { zh: '提交日志', en: 'File the diary' },
  diaryFiled: { zh: '日志已提交', en: 'Diary filed' },
  problemsFiled: { zh: '个问题已上报（双报告：社区与街道）', en: 'problems reported (to the community and the street)' },
  myGridOpen: { zh: '本网格在办案件', en: "My grid's open incidents" },
  toVerify: { zh: '待核查', en: 'To verify' },
  description: { zh: '描述', en: 'Description' },
  address: { zh: '地址', en: 'Address' },
  serviceDown: { zh: '服务不可用', en: 'Service down' },
  notFound: { zh: '页面不存在', en: 'Page not found' },
  stale: { zh: '数据可能滞后', en: 'Figures may be stale' },
  period: { zh: '统计周期', en: 'Period' },
  week: { zh: '本周', en: 'This week' },
  noTiles: { zh: '未配置底图，仅显示网格边界', en: 'No tile layer configured: grid outlines only' },
  // unit work pages, the incident file and the phone (#24)
  extendBy: { zh: '延长时限', en: 'Extend by' },
  closureType: { zh: '结案类型', en: 'Closure type' },
  organisationGroup: { zh: '基层组织建设组', en: 'Grassroots-organisation group' },
  appraisal: { zh: '考核评价', en: 'Appraisal' },
  myQueue: { zh: '本组派遣案件', en: 'Incidents dispatched to us' },
  deptQueue: { zh: '本部门派遣案件', en: 'Incidents dispatched to my department' },
  open: { zh: '打开', en: 'Open' },
  inspections: { zh: '检查记录', en: 'Inspections' },
  notices: { zh: '整改通知书', en: 'Rectification notices' },
  receptions: { zh: '领导接访', en: 'Receptions' },
  warnings: { zh: '稳定预警', en: 'Stability warnings' },
  serviceRequests: { zh: '服务需求', en: 'Service requests' },
  visits: { zh: '入户走访', en: 'Household visits' },
  tasks: { zh: '组织建设任务', en: 'Organisation tasks' },
  partyOrgs: { zh: '党组织', en: 'Party organisations' },
  officers: { zh: '执法人员（至少两名）', en: 'Officers (at least two)' },
  officer: { zh: '执法人员', en: 'Officer' },
  recordTitle: { zh: '档案', en: 'Record' },
  noActions: { zh: '当前状态无可办理的操作', en: 'Nothing to do in this state' },
  reportProblem: { zh: '上报问题', en: 'Report a problem' },
  reportNow: { zh: '立即上报', en: 'Report' },
  reported: { zh: '已上报', en: 'Reported' },
  mergedInto: { zh: '已合并到', en: 'Merged into' },
  mergedHint: { zh: '该位置已有同类问题在办，您的上报已作为重复件合并，并记入原案件。', en: 'The same problem is already being handled here; your report was merged into it as a duplicate.' },
  pinHint: { zh: '点击地图放置定位点，或聚焦地图后按回车把定位点放在地图中心。', en: 'Tap the map to place the pin, or focus the map and press Enter to pin its centre.' },
  pinCentre: { zh: '定位点放在地图中心', en: 'Pin the map centre' },
  categorySearch: { zh: '按关键字查找', en: 'Find by keyword' },
  noMatch: { zh: '没有匹配的类别', en: 'No category matches' },
  chosen: { zh: '已选', en: 'Chosen' },
  rework: { zh: '返工', en: 'Rework' },
  verify: { zh: '核查通过', en: 'Verify' },
  diaryOptional: { zh: '民情日志（可选）', en: 'Diary (optional)' },
  rank: { zh: '排名', en: 'Rank' },
  head: { zh: '网格长', en: 'Grid head' },
  seconded: { zh: '下沉人员', en: 'Seconded staff' },
  expand: { zh: '展开', en: 'Expand' },
  collapse: { zh: '收起', en: 'Collapse' },
} satisfies Record<string, Label>;

export type DictKey = keyof typeof DICT;

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (k: DictKey) => string;
  /** A `{ zh, en }` label from the API in the current language. */
  L: (l: Label | null | undefined, fallback?: string) => string;
}

const Ctx = createContext<I18n | null>(null);
const STORAGE_KEY = 'grid122.lang';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh'));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (k) => DICT[k][lang],
      L: (l, fallback = '') => (l ? l[lang] || l.zh : fallback),
    }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
