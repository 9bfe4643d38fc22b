import ExcelJS from 'exceljs';
import { streetCalendar } from '@grid122/calendar';
import { Actor, PetitionsFileReply } from '@grid122/contracts';
import { actorName } from './access.policy';

export interface ExportColumn {
  header: string;
  key: string;
  width?: number;
}

/** What a watermarked sheet holds: its title, sheet name, the export's reason, columns, rows and file name. */
export interface WatermarkedSheet {
  title: string;
  sheet: string;
  reason: string;
  columns: ExportColumn[];
  rows: Record<string, unknown>[];
  filename: string;
  at?: Date;
}

/**
 * Writes an XLSX whose first row — and the printed page header — carry the watermark: who exported
 * it, when, and why (导出人、导出时间、用途), so a leaked sheet names its source.
 */
export async function watermarkedXlsx(
  actor: Actor,
  opts: WatermarkedSheet,
): Promise<PetitionsFileReply> {
  const at = opts.at ?? new Date();
  const cal = streetCalendar();
  const stamp = `${cal.stamp(at)} (${cal.zone})`;
  const mark = `内部资料 注意保密 | 导出人: ${actorName(actor)} (${actor.role}) | 导出时间: ${stamp} | 用途: ${opts.reason}`;
  const wb = new ExcelJS.Workbook();
  wb.creator = actorName(actor);
  wb.created = at;
  const ws = wb.addWorksheet(opts.sheet, {
    headerFooter: { oddHeader: `&L${opts.title}&R${mark.replace(/&/g, '&&')}`, oddFooter: `&C${actorName(actor)} ${stamp}` },
  });
  ws.addRow([`${opts.title} — ${mark}`]);
  ws.mergeCells(1, 1, 1, Math.max(1, opts.columns.length));
  ws.getRow(1).font = { bold: true, color: { argb: 'FFC00000' } };
  ws.addRow(opts.columns.map((c) => c.header)).font = { bold: true };
  opts.columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width ?? 16));
  for (const r of opts.rows) ws.addRow(opts.columns.map((c) => r[c.key] ?? ''));
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return {
    filename: opts.filename,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: buf.toString('base64'),
    rows: opts.rows.length,
  };
}
