import ExcelJS from 'exceljs';
import { newWorkbook, SheetColumn, tableSheet, xlsxBytes } from './sheets';

const COLUMNS: SheetColumn<'ref' | 'title'>[] = [
  { header: '编号 Ref', key: 'ref', width: 16 },
  { header: '标题 Title', key: 'title', width: 30 },
];

describe('sheets', () => {
  it('writes a sheet of named columns, the header row bold, the rows under it, and reads back as XLSX', async () => {
    const wb = newWorkbook();
    tableSheet(wb, '台账 Ledger', COLUMNS, [{ ref: 'A-1', title: '占道经营' }, { ref: 'A-2' }]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await xlsxBytes(wb)) as never);
    expect(back.creator).toBe('grid122');
    const ws = back.getWorksheet('台账 Ledger')!;
    expect(ws.getRow(1).values).toEqual([undefined, '编号 Ref', '标题 Title']);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.getRow(2).values).toEqual([undefined, 'A-1', '占道经营']);
    expect(ws.getRow(3).getCell(1).value).toBe('A-2');
    expect(ws.getRow(2).font?.bold).toBeFalsy();
    expect(ws.getColumn(2).width).toBe(30);
  });

  it('names another author when given', () => {
    expect(newWorkbook('grid122 appraisal').creator).toBe('grid122 appraisal');
  });
});
