import ExcelJS from 'exceljs';
import { streetStamp } from '@grid122/calendar';
import {
  CLOSURE_TYPE_LABELS,
  ExportIncidents,
  ListIncidents,
  IncidentFilter,
  IncidentView,
  INCIDENT_SOURCE_LABELS,
  RESOLUTION_LEVEL_LABELS,
  UNIT_LABELS,
  labelOr,
} from '@grid122/contracts';

const PAGE = 500;

/**
 * Builds the ledger (台账) as XLSX by paging through the office's own list with the same filters and
 * scope (`list` is IncidentQueryService.list for the caller); at most ExportIncidents.MAX_ROWS rows.
 */
export async function buildLedgerXlsx(list: (req: ListIncidents.Request) => Promise<ListIncidents.Reply>, filter: IncidentFilter): Promise<ExportIncidents.Reply> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'grid122';
  const ws = wb.addWorksheet('台账 Ledger');
  ws.columns = [
    { header: '编号 Code', key: 'code', width: 20 },
    { header: '上报时间 Reported', key: 'reportedAt', width: 22 },
    { header: '标题 Title', key: 'title', width: 30 },
    { header: '领域 Key area', key: 'keyArea', width: 14 },
    { header: '类别 Category', key: 'category', width: 16 },
    { header: '来源 Source', key: 'source', width: 14 },
    { header: '网格 Grid', key: 'gridPath', width: 32 },
    { header: '地址 Address', key: 'address', width: 24 },
    { header: '状态 State', key: 'state', width: 14 },
    { header: '承办 Unit', key: 'unit', width: 18 },
    { header: '时限 Deadline', key: 'deadline', width: 22 },
    { header: '灯 Light', key: 'light', width: 8 },
    { header: '返工 Rework', key: 'reworkCount', width: 8 },
    { header: '结案类型 Closure', key: 'closure', width: 14 },
    { header: '解决层级 Level', key: 'level', width: 10 },
    { header: '按期 On time', key: 'onTime', width: 8 },
    { header: '结案时间 Closed', key: 'closedAt', width: 22 },
    // A "me too" follower is not a problem of its own (docs/metrics.md): a recount from this file
    // leaves out the rows that name an original here.
    { header: '重复上报·原案 Duplicate of', key: 'duplicateOf', width: 38 },
  ];
  ws.getRow(1).font = { bold: true };
  let cursor: string | undefined;
  let rows = 0;
  let truncated = false;
  for (;;) {
    const page = await list({ ...filter, limit: PAGE, cursor });
    for (const i of page.items) {
      if (rows >= ExportIncidents.MAX_ROWS) {
        truncated = true;
        break;
      }
      ws.addRow(toRow(i));
      rows++;
    }
    if (truncated || !page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'), rows, truncated };
}

function toRow(i: IncidentView) {
  return {
    code: i.code,
    // Times in the street's wall clock (docs/metrics.md), not UTC ISO text.
    reportedAt: streetStamp(i.reportedAt),
    title: i.title,
    keyArea: i.keyAreaLabel.zh,
    category: i.categoryName,
    source: labelOr(INCIDENT_SOURCE_LABELS, i.source).zh,
    gridPath: i.gridPath,
    address: i.address ?? '',
    state: i.stateLabel.zh,
    unit: i.leadUnit ? UNIT_LABELS[i.leadUnit].zh : i.unit ? UNIT_LABELS[i.unit].zh : (i.departmentId ?? ''),
    deadline: i.deadline ? streetStamp(i.deadline) : '',
    light: i.clock?.light ?? '',
    reworkCount: i.reworkCount,
    closure: i.closureType ? CLOSURE_TYPE_LABELS[i.closureType].zh : '',
    level: i.resolutionLevel ? RESOLUTION_LEVEL_LABELS[i.resolutionLevel].zh : '',
    onTime: i.onTime == null ? '' : i.onTime ? '是' : '否',
    closedAt: i.closedAt ? streetStamp(i.closedAt) : '',
    duplicateOf: i.duplicateOfId ?? '',
  };
}
