import { DIARY_GRADE_LABELS, GetNotice, GetRanking, NoticeSection } from '@grid122/contracts';
import ExcelJS from 'exceljs';
import { newWorkbook, SheetColumn, tableSheet, xlsxBytes } from '@grid122/sheets';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function rankingTable(title: string, rows: GetRanking.Row[]): string {
  const body = rows.map((r) => `<tr><td>${r.rank}</td><td>${esc(r.name)}</td><td>${esc(r.gridPath)}</td><td>${r.total.toFixed(2)}</td><td>${r.tier}</td><td>${r.movement ?? '—'}</td></tr>`).join('');
  return `<h2>${esc(title)}</h2><table><thead><tr><th>名次 Rank</th><th>名称 Name</th><th>网格 Grid</th><th>得分 Score</th><th>档次 Tier</th><th>升降 Move</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** 每月一题: the month's themes with their before/after (same places, category, season). */
function themesSection(n: GetNotice.Reply): string {
  if (!n.themes?.length) return '';
  const body = n.themes
    .map(
      (t) =>
        `<tr><td>${esc(t.title)}</td><td>${esc(t.categoryName)}</td><td>${esc(t.places)}</td><td>${esc(t.ownerName)}</td><td>${esc([t.units, t.departments].filter(Boolean).join('、'))}</td><td>${esc(t.target)}，${esc(t.deadline)} 前</td><td>${t.beforeFound}</td><td>${t.afterFound}</td><td>${t.changePct === null ? '—' : `${t.changePct > 0 ? '+' : ''}${t.changePct.toFixed(1)}%`}</td><td>${esc(t.status)}</td></tr><tr><td colspan="10"><small>${esc(t.basis)}</small></td></tr>`,
    )
    .join('');
  return `<h2>每月一题 Monthly themes</h2><table><thead><tr><th>题目 Theme</th><th>类别 Category</th><th>点位 Places</th><th>牵头人 Owner</th><th>责任单位 Units</th><th>目标 Target</th><th>治理前 Before</th><th>治理后 After</th><th>变化 Change</th><th>评估 Status</th></tr></thead><tbody>${body}</tbody></table>`;
}

const THEME_COLUMNS: SheetColumn[] = [
  { header: '题目', key: 'title', width: 24 },
  { header: '类别', key: 'categoryName', width: 14 },
  { header: '点位', key: 'places', width: 30 },
  { header: '牵头人', key: 'ownerName', width: 10 },
  { header: '责任单位', key: 'units', width: 20 },
  { header: '部门', key: 'departments', width: 20 },
  { header: '目标', key: 'target', width: 18 },
  { header: '期限', key: 'deadline', width: 12 },
  { header: '治理前', key: 'beforeFound', width: 10 },
  { header: '治理后', key: 'afterFound', width: 10 },
  { header: '变化(%)', key: 'changePct', width: 10 },
  { header: '评估', key: 'status', width: 10 },
  { header: '比较口径', key: 'basis', width: 60 },
];

/** The 每月一题 sheet of the XLSX notice. */
function themesSheet(wb: ExcelJS.Workbook, n: GetNotice.Reply): void {
  tableSheet(wb, '每月一题', THEME_COLUMNS, (n.themes ?? []).map((t) => ({ ...t, changePct: t.changePct ?? '' })));
}

const pctOrDash = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

const SECTION_LABELS: Record<NoticeSection, string> = { diaries: '民情日志讲评 diary review', meetings: '三会一评 meetings' };

/** What a section whose source did not answer says in place of its figures. */
const UNAVAILABLE = '暂不可用（数据源未应答）unavailable: its source did not answer';

/** 督查 figures (diaries, meetings of 三会一评) as label/value rows, shared by HTML and XLSX; a section whose source was down says so. */
function supervisionRows(n: GetNotice.Reply): [string, string | number][] {
  const { diaries, meetings, householdVisits } = n.supervision;
  const d = diaries?.totals;
  const diaryRows: [string, string | number][] = !diaries || !d
    ? [['民情日志讲评 Diary review', UNAVAILABLE]]
    : [
        ['民情日志应报天数 Diary days expected', d.expectedDays],
        ['民情日志已报天数 Diary days filed', d.filedDays],
        ['民情日志完整率 Diary completeness', pctOrDash(d.completeness)],
        ['日志抽查篇数 Diaries spot-checked', d.checks],
        ['抽查已讲评 Spot-checks graded', d.graded],
        ['抽查平均分 Average spot-check points', d.averagePoints ?? '—'],
        ['讲评通报 Review published', diaries.publishedAt ? `已通报 ${diaries.publishedAt.slice(0, 10)}` : '未通报 not yet'],
      ];
  const meetingRows: [string, string | number][] = !meetings
    ? [['三会一评 Meetings', UNAVAILABLE]]
    : [
        ['三会一评召开 Meetings held', meetings.held],
        ...meetings.byKind.map((k): [string, string | number] => [`　${k.zh}（出勤率 ${pctOrDash(k.attendanceRate)}）`, k.held]),
        ['出勤率 Attendance', pctOrDash(meetings.attendanceRate)],
        ['会议决议 Decisions made', meetings.decisions.made],
        ['已落实 / 按期落实 Decisions done / on time', `${meetings.decisions.done} / ${meetings.decisions.doneOnTime}`],
        ['在办 / 逾期 Decisions open / overdue', `${meetings.decisions.open} / ${meetings.decisions.overdue}`],
        ['会议超期未开（当前） Meetings overdue now', meetings.overdueMeetings],
      ];
  return [...diaryRows, ...meetingRows, ['入户走访户数 Household visits', householdVisits]];
}

/** 讲评: the office's review list of the month, best first (rank, who, grid, days, grades and comments). */
function reviewRows(n: GetNotice.Reply): (string | number)[][] {
  return (n.supervision.diaries?.rows ?? []).map((r) => [
    r.rank,
    r.name ?? '—',
    r.gridPath,
    `${r.filedDays} / ${r.expectedDays}`,
    pctOrDash(r.completeness),
    `${r.graded} / ${r.checks}`,
    r.averagePoints ?? '—',
    r.comments.map((c) => `${c.date} ${DIARY_GRADE_LABELS[c.grade]?.zh ?? ''}：${c.comment}`).join('；'),
  ]);
}
const REVIEW_HEADER = ['名次 Rank', '网格长 Grid head', '网格 Grid', '已报/应报 Filed/expected', '完整率 Completeness', '已评/抽查 Graded/checked', '平均分 Points', '讲评 Comments'];

/** 考核细则: each grade's rules in force, as label/value rows. */
function ruleRows(n: GetNotice.Reply): string[][] {
  return n.rules.flatMap((p) =>
    p.rules.map((r) => [`${p.grade} v${p.version}`, `${r.labelZh} ${r.labelEn}`, r.per ? `${r.indicator} / ${r.per}` : r.indicator, `${r.better === 'higher' ? '≥' : '≤'} ${r.target}${r.cap !== null ? ` (cap ${r.cap})` : ''}`, String(r.weight), r.activity ? '过程 activity' : '结果 outcome']),
  );
}

function supervisionSection(n: GetNotice.Reply): string {
  const figures = supervisionRows(n).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('');
  const rules = ruleRows(n).map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('');
  const review = reviewRows(n).map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<h2>督查：民情日志与三会一评 Supervision: diaries and meetings</h2><table><tbody>${figures}</tbody></table>
<h2>民情日志讲评 Diary review</h2>${n.supervision.diaries ? '' : `<p class="unavailable">${esc(UNAVAILABLE)}</p>`}<table><thead><tr>${REVIEW_HEADER.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${review}</tbody></table>
<h2>考核细则 Scoring rules</h2><table><thead><tr><th>方案 Plan</th><th>指标 Rule</th><th>计算 Indicator</th><th>目标 Target</th><th>分值 Weight</th><th>类型 Kind</th></tr></thead><tbody>${rules}</tbody></table>`;
}

/** The monthly public notice (月度通报) as a self-contained HTML page. */
export function noticeHtml(n: GetNotice.Reply): string {
  const ka = n.keyAreas.map((k) => `<tr><td>${esc(k.labelZh)} ${esc(k.labelEn)}</td><td>${k.found}</td><td>${k.solved}</td><td>${k.rate.toFixed(2)}%</td></tr>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(n.title)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #999;padding:4px 8px}th{background:#eee}</style></head>
<body><h1>${esc(n.title)}</h1><p>范围 Scope: ${esc(n.scope || '全部')} · 月份 Month: ${esc(n.month)}</p>
${n.unavailable.length ? `<p class="unavailable">部分内容暂不可用 Sections unavailable: ${esc(n.unavailable.map((u) => SECTION_LABELS[u]).join('、'))}</p>` : ''}
${rankingTable('社区（一级网格）排名 Community ranking', n.communities)}
${rankingTable('二级网格排名 Level-2 grid ranking', n.compounds)}
${rankingTable('下沉人员排名 Seconded staff ranking', n.seconded)}
<h2>重点领域问题办理情况 Key areas</h2><table><thead><tr><th>领域 Area</th><th>发现 Found</th><th>解决 Solved</th><th>解决率 Rate</th></tr></thead>
<tbody>${ka}<tr><th>合计 Total</th><th>${n.totals.found}</th><th>${n.totals.solved}</th><th>${n.totals.rate.toFixed(2)}%</th></tr></tbody></table>
${themesSection(n)}
${supervisionSection(n)}
</body></html>`;
}

const RANKING_COLUMNS: SheetColumn[] = [
  { header: '名次', key: 'rank', width: 8 },
  { header: '名称', key: 'name', width: 28 },
  { header: '网格', key: 'gridPath', width: 32 },
  { header: '得分', key: 'total', width: 10 },
  { header: '档次', key: 'tier', width: 8 },
  { header: '升降', key: 'movement', width: 8 },
];

const KEY_AREA_COLUMNS: SheetColumn[] = [
  { header: '领域', key: 'labelZh', width: 20 },
  { header: '发现', key: 'found', width: 10 },
  { header: '解决', key: 'solved', width: 10 },
  { header: '解决率(%)', key: 'rate', width: 12 },
];

/** The same notice as an XLSX workbook (one sheet per table). */
export async function noticeXlsx(n: GetNotice.Reply): Promise<Buffer> {
  const wb = newWorkbook('grid122 appraisal');
  const rank = (name: string, rows: GetRanking.Row[]) => tableSheet(wb, name, RANKING_COLUMNS, rows.map((r) => ({ ...r, movement: r.movement ?? '' })));
  rank('社区排名', n.communities);
  rank('二级网格排名', n.compounds);
  rank('下沉人员排名', n.seconded);
  tableSheet(wb, '重点领域', KEY_AREA_COLUMNS, [...n.keyAreas, { labelZh: '合计', ...n.totals }]);
  themesSheet(wb, n);
  const sup = wb.addWorksheet('督查');
  supervisionRows(n).forEach((r) => sup.addRow(r));
  const review = wb.addWorksheet('讲评');
  review.addRow(REVIEW_HEADER);
  reviewRows(n).forEach((r) => review.addRow(r));
  if (!n.supervision.diaries) review.addRow([UNAVAILABLE]);
  review.getRow(1).font = { bold: true };
  const rules = wb.addWorksheet('考核细则');
  rules.addRow(['方案', '指标', '计算', '目标', '分值', '类型']);
  ruleRows(n).forEach((r) => rules.addRow(r));
  rules.getRow(1).font = { bold: true };
  return xlsxBytes(wb);
}
