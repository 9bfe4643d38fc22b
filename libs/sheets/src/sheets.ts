import ExcelJS from 'exceljs';

/**
 * The setup every XLSX file a service builds shares (a ledger, an export, a monthly notice): a
 * workbook with its author, sheets of named columns whose header row is bold, and the file's bytes.
 * What a file holds — its columns, labels and rows — stays with the service that owns the rows.
 */

/** A column of a sheet: its printed header (Chinese first, as the street prints it), the row field it shows, its width in characters. */
export interface SheetColumn<K extends string = string> {
  header: string;
  key: K;
  width: number;
}

/** A new workbook, its author named (`grid122` unless another is given). */
export function newWorkbook(creator = 'grid122'): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = creator;
  return wb;
}

/** A sheet of `columns` whose first row is their headers, in bold, then `rows` (objects keyed by the columns' keys). */
export function tableSheet<K extends string>(
  wb: ExcelJS.Workbook,
  name: string,
  columns: readonly SheetColumn<K>[],
  rows: Iterable<object> = [],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return ws;
}

/** The workbook as the bytes of an .xlsx file. */
export async function xlsxBytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}
