import { GridLedger, GridLedgerRow } from '@grid122/contracts';
import { newWorkbook, SheetColumn, tableSheet, xlsxBytes } from '@grid122/sheets';

/** Columns of the grid ledger (网格台账), Chinese first, as the street office prints it; the registry builds the file (registry.grid.ledger). */
const COLUMNS: SheetColumn<keyof GridLedgerRow>[] = [
  { header: '网格编码 Code', key: 'code', width: 18 },
  { header: '网格名称 Name', key: 'name', width: 24 },
  { header: '层级 Level', key: 'levelLabel', width: 18 },
  { header: '路径 Path', key: 'path', width: 32 },
  { header: '上级编码 Parent code', key: 'parentCode', width: 18 },
  { header: '类别 Class', key: 'gridClass', width: 8 },
  { header: '等级 Grade', key: 'grade', width: 8 },
  { header: '户数 Households', key: 'households', width: 10 },
  { header: '楼栋 Buildings', key: 'buildings', width: 10 },
  { header: '门面 Shopfronts', key: 'shopfronts', width: 10 },
  { header: '面积(km²) Area', key: 'areaKm2', width: 10 },
  { header: '网格长 Head', key: 'headName', width: 10 },
  { header: '人员数 Staff', key: 'staffCount', width: 8 },
  { header: '联系部门数 Departments', key: 'departmentCount', width: 10 },
  { header: '党组织 Party organisation', key: 'partyOrganisation', width: 24 },
  { header: '合并原因 Merge reason', key: 'mergeReason', width: 30 },
];

const CLASS_ZH: Record<string, string> = { jia: '甲', yi: '乙', bing: '丙' };

const cell = (r: GridLedgerRow, k: keyof GridLedgerRow) => (k === 'gridClass' && r.gridClass ? CLASS_ZH[r.gridClass] : r[k]);

/** RFC 4180 CSV with a UTF-8 BOM, so Excel opens the Chinese text correctly. */
export function ledgerCsv(rows: GridLedgerRow[]): string {
  const esc = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    // A leading = + - @ would run as a formula in a spreadsheet: neutralise it (CSV injection).
    const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [COLUMNS.map((c) => esc(c.header)).join(',')];
  for (const r of rows) lines.push(COLUMNS.map((c) => esc(cell(r, c.key))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function ledgerXlsx(rows: GridLedgerRow[]): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = tableSheet(wb, '网格台账 Grid ledger', COLUMNS, rows.map((r) => Object.fromEntries(COLUMNS.map((c) => [c.key, cell(r, c.key)]))));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return xlsxBytes(wb);
}

/** The ledger as `registry.grid.ledger` answers it: the file in the asked format, base64. */
export async function ledgerFile({ generatedAt, rows }: { generatedAt: string; rows: GridLedgerRow[] }, format: GridLedger.Request['format']): Promise<GridLedger.Reply> {
  const file = format === 'csv' ? Buffer.from(ledgerCsv(rows), 'utf8') : await ledgerXlsx(rows);
  return { generatedAt, rows: rows.length, base64: file.toString('base64') };
}
