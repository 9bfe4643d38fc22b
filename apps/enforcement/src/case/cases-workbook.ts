import { streetStamp } from '@grid122/calendar';
import { EnforcementCaseView, EnforcementSubjectKind, ExportEnforcementCases, FORCED_MEASURE_LABELS, labelOr } from '@grid122/contracts';
import { newWorkbook, SheetColumn, tableSheet, xlsxBytes } from '@grid122/sheets';

/** The ledger's columns, Chinese headers first as the street prints them. */
const COLUMNS: SheetColumn[] = [
  { header: '案件编号 Ref', key: 'ref', width: 16 },
  { header: '标题 Title', key: 'title', width: 32 },
  { header: '类别 Category', key: 'category', width: 12 },
  { header: '状态 State', key: 'state', width: 14 },
  { header: '来源 Origin', key: 'origin', width: 10 },
  { header: '网格 Grid', key: 'grid', width: 30 },
  { header: '地址 Address', key: 'address', width: 30 },
  { header: '当事人 Subject', key: 'subject', width: 18 },
  { header: '立案时间 Opened', key: 'opened', width: 20 },
  { header: '下次复查 Next re-inspection', key: 'next', width: 20 },
  { header: '罚款(元) Penalty', key: 'penalty', width: 12 },
  { header: '强制措施 Forced measure', key: 'measure', width: 14 },
  { header: '拆除面积(m²) Demolished', key: 'area', width: 14 },
  { header: '移送 Referred to', key: 'referred', width: 16 },
  { header: '结案时间 Closed', key: 'closed', width: 20 },
];

/** The case ledger as an XLSX workbook (执法案件台账): built here, by the service that owns the rows. */
export async function casesWorkbook(rows: EnforcementCaseView[], truncated: boolean): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = tableSheet(wb, '执法案件 Cases', COLUMNS);
  for (const c of rows) {
    ws.addRow({
      ref: c.ref,
      title: c.title,
      category: c.categoryLabel.zh,
      state: c.stateLabel.zh,
      origin: c.origin === 'incident' ? '指挥中心派遣' : '自行巡查',
      grid: c.gridPath,
      address: c.address ?? '',
      subject: c.subject?.name ?? '',
      opened: streetStamp(c.openedAt),
      next: c.nextReinspectionAt ? streetStamp(c.nextReinspectionAt) : '',
      penalty: c.penalty?.amount ?? null,
      measure: c.forcedMeasure ? labelOr(FORCED_MEASURE_LABELS, c.forcedMeasure.kind).zh : '',
      area: c.forcedMeasure?.demolishedAreaM2 ?? null,
      referred: c.referredTo ?? '',
      closed: c.closedAt ? streetStamp(c.closedAt) : '',
    });
  }
  if (truncated) ws.addRow({ ref: '…', title: 'Truncated: narrow the period or grid (结果过多，请缩小范围)' });
  return xlsxBytes(wb);
}

/** The export as `enforcement.case.export` answers it: the workbook, base64. */
export async function casesExport({ rows, truncated }: { rows: EnforcementCaseView[]; truncated: boolean }): Promise<ExportEnforcementCases.Reply> {
  // an organisation's name is public (营业执照); a person's, in clear, is personal data
  const clearPerson = rows.some((r) => r.subject && !r.subject.masked && r.subject.kind === EnforcementSubjectKind.Person);
  return { base64: (await casesWorkbook(rows, truncated)).toString('base64'), rows: rows.length, truncated, personalData: clearPerson ? ['subject.name'] : [] };
}
