import { IncidentState, IncidentUpdate, ListOpen311Requests, Open311Incident, Open311RequestDoc, Open311UpdateDoc, Open311Vocabulary, UNIT_LABELS } from '@grid122/contracts';
import { maskContactsInText } from '@grid122/privacy';
import { extendedStatus, plainStatus, statusNote } from './open311.status';

/** W3C date-time to the second, as FixMyStreet's DateTime::Format::W3CDTF writes its own window bounds. */
const w3c = (iso: string): string => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

export type Open311Item = ListOpen311Requests.Reply['items'][number];

const statusOf = (v: Open311Vocabulary, i: Pick<Open311Incident, 'state' | 'closureType'>) => (v === 'extended' ? extendedStatus(i.state, i.closureType) : plainStatus(i.state));

/** The public note of an incident as it stands: the reason, result or closure the street wrote for the resident. */
function noteOf(i: Open311Incident): string {
  if (i.state === IncidentState.Closed && i.completionReply) return i.completionReply;
  const last = i.lastNote;
  const written = i.state === IncidentState.Closed ? closeNote(last, false) ?? i.result : i.state === IncidentState.Rejected ? last : [IncidentState.Handled, IncidentState.Verified].includes(i.state) ? i.result : null;
  return statusNote(i.state, i.closureType, written ?? null, i.notResponsibleParty);
}

/**
 * A close entry's note is the office's `结案 <closure code>; 责任方 <party>; <free text>`: the
 * resident reads the party (unless it is shown already) and the free text, never the code.
 */
function closeNote(note: string | null | undefined, withParty = true): string | undefined {
  const parts = (note ?? '')
    .split('; ')
    .filter((p) => p && !/^结案 [a-z_]+$/.test(p) && (withParty || !p.startsWith('责任方 ')))
    .map((p) => (p.startsWith('责任方 ') ? `责任方：${p.slice(4)}` : p));
  return parts.join('；') || undefined;
}

const agency = (i: Open311Incident): string => (i.leadUnit ?? i.unit ? UNIT_LABELS[(i.leadUnit ?? i.unit)!].zh : i.departmentId ? '社区职能部门' : '街道网格化服务管理中心');

export function toRequest(i: Open311Incident, serviceName: string, vocabulary: Open311Vocabulary, original: Open311Incident | undefined, masked: boolean): Open311RequestDoc {
  const merged = i.state === IncidentState.Duplicate && original;
  const shown = merged ? original : i;
  const text = (t: string) => (masked ? maskContactsInText(t) : t);
  return {
    service_request_id: i.id,
    status: statusOf(vocabulary, shown),
    status_notes: text(merged ? `已合并为重复上报，随原案 ${original.code} 办理：${noteOf(original)}` : noteOf(i)),
    service_name: serviceName,
    service_code: i.category,
    description: i.description === null ? null : text(i.description),
    agency_responsible: agency(shown),
    service_notice: `编号 ${i.code}`,
    requested_datetime: w3c(i.reportedAt),
    updated_datetime: w3c(merged && original.updatedAt > i.updatedAt ? original.updatedAt : i.updatedAt),
    expected_datetime: shown.deadline ? w3c(shown.deadline) : null,
    address: i.address,
    address_id: null,
    zipcode: null,
    lat: i.location?.lat ?? null,
    long: i.location?.lng ?? null,
    media_url: null,
  };
}

/** What the resident reads for one history entry, in Chinese. */
function describe(u: IncidentUpdate): string {
  const note = u.note?.trim() || null;
  const why = note ? `：${note}` : '';
  const text = (() => {
    switch (u.action) {
      case 'comment':
        return note ?? '（居民补充了图片）';
      case 'register':
        return `已立案${why}`;
      case 'dispatch':
        return '已派遣处置单位';
      case 'accept':
        return '处置单位已受理';
      case 'handle':
        return `处置完毕，等待核查${why}`;
      case 'verify':
        return '网格员已现场核查';
      case 'rework':
        return `核查未通过，返工处理${why}`;
      case 'reopen':
        return `重新办理${why}`;
      case 'suspend':
        return `暂缓办理（挂账）${why}`;
      case 'resume':
        return '恢复办理';
      case 'escalate':
        return '已上报区级处理';
      case 'merge': {
        // The office writes `合并到 <code> merged into the original; <note>`: the resident reads the code and the note.
        const parts = (note ?? '').split('; ');
        const code = /^合并到 (\S+)/.exec(parts[0] ?? '')?.[1];
        const rest = parts.filter((p) => !/^合并到 /.test(p)).join('；');
        return `已与附近同类问题合并办理${code ? `（原案 ${code}）` : ''}${rest ? `：${rest}` : ''}`;
      }
      case 'unmerge':
        return `已撤销合并，单独办理${why}`;
      case 'close':
        // 办结回复: what the street wrote to the reporter at closure, else the closure in words.
        return u.reply?.trim() || statusNote(IncidentState.Closed, u.closureType, closeNote(note) ?? null);
      default:
        return statusNote(u.state, u.closureType, note);
    }
  })();
  return u.viaOriginalCode ? `（已合并为重复上报，随原案 ${u.viaOriginalCode} 办理）${text}` : text;
}

export function toUpdate(u: IncidentUpdate, vocabulary: Open311Vocabulary, masked: boolean): Open311UpdateDoc {
  // A "me too" report's own entry: merged into an original still open (else it would not have
  // been merged), so it is open to the resident; its original's entries follow as echoes.
  const merged = u.state === IncidentState.Duplicate && !u.viaOriginalId;
  return {
    update_id: u.updateId,
    service_request_id: u.incidentId,
    status: merged ? 'open' : statusOf(vocabulary, { state: u.state, closureType: u.closureType }),
    // Milliseconds kept: FixMyStreet orders an update against the moment it sent the report.
    updated_datetime: u.at,
    description: masked ? maskContactsInText(describe(u)) : describe(u),
    media_url: u.mediaUrl ?? '',
    external_status_code: u.state,
  };
}
