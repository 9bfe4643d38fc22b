import { useState } from 'react';
import { qs, useApi, type User } from '../api';
import { lastMonth, thisMonth } from '../dates';
import { useI18n, type DictKey, type Label } from '../i18n';
import { CLOSURE_TYPE_LABELS, DISPUTE_STATE_LABELS, ENFORCEMENT_CASE_STATE_LABELS, PETITION_STATE_LABELS, REQUEST_STATE_LABELS, TASK_STATE_LABELS, UNIT_NAMES } from '../labels';
import { useGridNames } from '../names';
import { OPEN_STATES, type Incident, type Page } from '../types';
import { fmtTime, LightDot, Panel } from '../ui';
import { FigureList, GenericList } from '../components/Generic';
import { IncidentFile } from '../components/IncidentFile';
import { RecordQueue, type RecordKind, type Rec } from '../components/Records';

type UnitKey = 'enforcement' | 'petitions' | 'social' | 'organisation' | 'department' | 'appraisal';

const lbl = (zh: string, en: string): Label => ({ zh, en });
const st = (r: Rec) => String(r.state ?? r.status ?? '');
const inState = (...s: string[]) => (r: Rec) => s.includes(st(r));
const REASON = { name: 'reason', label: lbl('原因', 'Reason'), kind: 'textarea', required: true, minLength: 4 } as const;
const NOTE = { name: 'note', label: lbl('备注', 'Note'), kind: 'textarea' } as const;

/** 综合执法队: its cases (inspection, notice, re-inspection, close, return), inspections and notices. */
const ENFORCEMENT: RecordKind[] = [
  {
    key: 'enforcement-cases',
    title: 'enforcementCases',
    list: '/api/v1/enforcement/cases?limit=50',
    detail: (r) => `/api/v1/enforcement/cases/${String(r.id)}`,
    open: ['opened', 'inspecting', 'violation_confirmed', 'notice_issued', 'complied', 'penalty_decided', 'forced_measure', 'referred', 'not_confirmed'],
    stateLabels: ENFORCEMENT_CASE_STATE_LABELS,
    sub: (r, L) => [L(r.categoryLabel as Label, ''), (r.subject as Rec | null)?.name as string | undefined].filter(Boolean).join(' · ') || null,
    actions: [
      {
        key: 'inspect',
        label: lbl('调查检查', 'Inspect'),
        when: inState('opened', 'inspecting'),
        path: (r) => `/api/v1/enforcement/cases/${String(r.id)}/inspections`,
        fields: [
          { name: 'officers', label: lbl('执法人员（至少两名）', 'Officers (two at least)'), kind: 'officers' },
          { name: 'finding', label: lbl('调查结论', 'Finding'), kind: 'select', options: { confirmed: lbl('违法属实', 'Violation confirmed'), not_confirmed: lbl('查无违法', 'Not confirmed') } },
          { name: 'notes', label: lbl('检查记录', 'Notes'), kind: 'textarea', required: true, minLength: 2 },
        ],
      },
      {
        key: 'notice',
        label: lbl('下达整改通知', 'Issue a notice'),
        when: inState('violation_confirmed'),
        path: (r) => `/api/v1/enforcement/cases/${String(r.id)}/notices`,
        fields: [
          { name: 'officers', label: lbl('执法人员（至少两名）', 'Officers (two at least)'), kind: 'officers' },
          { name: 'requirements', label: lbl('整改要求', 'Requirements'), kind: 'textarea', required: true, minLength: 2 },
        ],
      },
      {
        key: 'reinspect',
        label: lbl('复查', 'Re-inspect'),
        when: inState('notice_issued'),
        path: (r) => {
          const n = ((r.notices as Rec[] | undefined) ?? []).find((x) => x.status === 'open');
          return n ? `/api/v1/enforcement/notices/${String(n.id)}/reinspections` : null;
        },
        fields: [
          { name: 'officers', label: lbl('执法人员（至少两名）', 'Officers (two at least)'), kind: 'officers' },
          { name: 'result', label: lbl('复查结果', 'Result'), kind: 'select', required: true, options: { complied: lbl('整改到位', 'Complied'), not_complied: lbl('未整改', 'Not complied') } },
          { name: 'notes', label: lbl('复查记录', 'Notes'), kind: 'textarea', required: true, minLength: 2 },
        ],
      },
      {
        key: 'close',
        label: lbl('结案', 'Close'),
        when: inState('not_confirmed', 'complied', 'penalty_decided', 'forced_measure', 'referred'),
        path: (r) => `/api/v1/enforcement/cases/${String(r.id)}/close`,
        fields: [{ name: 'note', label: lbl('结案说明', 'Closing note'), kind: 'textarea', required: true, minLength: 2 }],
      },
      {
        key: 'return',
        label: lbl('退回指挥中心', 'Return to the office'),
        when: (r) => inState('opened', 'inspecting')(r) && !!r.incidentId,
        path: (r) => `/api/v1/enforcement/cases/${String(r.id)}/return`,
        fields: [REASON],
      },
    ],
  },
  { key: 'enforcement-notices', title: 'notices', list: '/api/v1/enforcement/notices?limit=30', open: ['open'], sub: (r) => String(r.caseTitle ?? '') || null },
  { key: 'enforcement-inspections', title: 'inspections', list: '/api/v1/enforcement/inspections?limit=30', sub: (r) => ((r.officers as Rec[] | undefined) ?? []).map((o) => String(o.name)).join('、') || null },
];

/** 综合信访稳定组: petitions (accept, reject, reply, extend, close, return), receptions, disputes, warnings. */
const PETITIONS: RecordKind[] = [
  {
    key: 'petitions',
    title: 'petitions',
    list: '/api/v1/petitions?limit=50',
    detail: (r) => `/api/v1/petitions/${String(r.id)}`,
    open: ['received', 'accepted', 'replied', 'not_accepted'],
    stateLabels: PETITION_STATE_LABELS,
    sub: (r) => ((r.petitioner as Rec | null)?.name as string | undefined) ?? null,
    actions: [
      { key: 'accept', label: lbl('受理', 'Accept'), when: inState('received'), path: (r) => `/api/v1/petitions/${String(r.id)}/accept`, fields: [NOTE] },
      { key: 'reject', label: lbl('不予受理', 'Do not accept'), when: inState('received'), path: (r) => `/api/v1/petitions/${String(r.id)}/reject`, fields: [REASON] },
      { key: 'reply', label: lbl('答复', 'Reply'), when: inState('accepted'), path: (r) => `/api/v1/petitions/${String(r.id)}/reply`, fields: [{ name: 'reply', label: lbl('答复意见', 'Reply'), kind: 'textarea', required: true, minLength: 4 }] },
      {
        key: 'extend',
        label: lbl('延期', 'Extend'),
        when: (r) => st(r) === 'accepted' && !r.extendedDays,
        path: (r) => `/api/v1/petitions/${String(r.id)}/extend`,
        fields: [{ name: 'days', label: lbl('延长天数', 'Days'), kind: 'number', required: true, min: 1, max: 30 }, REASON],
      },
      { key: 'close', label: lbl('办结', 'Close'), when: inState('replied', 'not_accepted'), path: (r) => `/api/v1/petitions/${String(r.id)}/close`, fields: [NOTE] },
      { key: 'return', label: lbl('退回指挥中心', 'Return to the office'), when: (r) => st(r) === 'received' && !!r.incidentId, path: (r) => `/api/v1/petitions/${String(r.id)}/return`, fields: [REASON] },
    ],
  },
  { key: 'receptions', title: 'receptions', list: '/api/v1/receptions?limit=20', detail: (r) => `/api/v1/receptions/${String(r.id)}`, open: ['published', 'planned'], sub: (r) => String(r.leaderName ?? '') || null },
  {
    key: 'disputes',
    title: 'disputes',
    list: '/api/v1/disputes?limit=30',
    detail: (r) => `/api/v1/disputes/${String(r.id)}`,
    open: ['registered', 'mediating', 'settled', 'failed'],
    stateLabels: DISPUTE_STATE_LABELS,
    actions: [{ key: 'close', label: lbl('结案', 'Close'), when: inState('settled', 'failed', 'referred'), path: (r) => `/api/v1/disputes/${String(r.id)}/close`, fields: [NOTE] }],
  },
  {
    key: 'warnings',
    title: 'warnings',
    list: '/api/v1/stability-warnings?limit=20',
    detail: (r) => `/api/v1/stability-warnings/${String(r.id)}`,
    open: ['active'],
    sub: (r) => String(r.reason ?? '') || null,
    actions: [{ key: 'acknowledge', label: lbl('签收', 'Acknowledge'), when: (r) => st(r) === 'active' && Number(r.unacknowledged ?? 0) > 0, path: (r) => `/api/v1/stability-warnings/${String(r.id)}/acknowledge`, fields: [NOTE] }],
  },
];

/** 社会服务队: service requests (assign to me, deliver, confirm, cancel, return), visits, the supermarket. */
const allowed = (a: string) => (r: Rec) => Array.isArray(r.allowedActions) && (r.allowedActions as string[]).includes(a);
const SOCIAL: RecordKind[] = [
  {
    key: 'service-requests',
    title: 'serviceRequests',
    list: '/api/v1/service-requests?limit=50',
    detail: (r) => `/api/v1/service-requests/${String(r.id)}`,
    open: ['open', 'assigned', 'delivered'],
    stateLabels: REQUEST_STATE_LABELS,
    sub: (r, L) => [L(r.serviceTypeLabel as Label, ''), (r.recipient as Rec | null)?.name as string | undefined].filter(Boolean).join(' · ') || null,
    actions: [
      { key: 'assign', label: lbl('由我承接', 'Take it on'), when: allowed('assign'), path: (r) => `/api/v1/service-requests/${String(r.id)}/assign`, fixed: (_r, u) => ({ staffId: u.id, staffName: u.displayName ?? u.username }), fields: [NOTE] },
      {
        key: 'deliver',
        label: lbl('服务完成', 'Delivered'),
        when: allowed('deliver'),
        path: (r) => `/api/v1/service-requests/${String(r.id)}/deliver`,
        fields: [
          { name: 'note', label: lbl('服务记录', 'Delivery note'), kind: 'textarea', required: true, minLength: 2 },
          { name: 'hours', label: lbl('服务时长（小时）', 'Hours'), kind: 'number', min: 0.25, max: 24 },
        ],
      },
      { key: 'confirm', label: lbl('居民确认', 'Resident confirms'), when: allowed('confirm'), path: (r) => `/api/v1/service-requests/${String(r.id)}/confirm`, fields: [{ name: 'satisfaction', label: lbl('满意度（1-5）', 'Satisfaction (1-5)'), kind: 'number', required: true, min: 1, max: 5 }] },
      { key: 'cancel', label: lbl('取消', 'Cancel'), when: allowed('cancel'), path: (r) => `/api/v1/service-requests/${String(r.id)}/cancel`, fields: [{ ...REASON, minLength: 2 }] },
      { key: 'return', label: lbl('退回指挥中心', 'Return to the office'), when: allowed('return'), path: (r) => `/api/v1/service-requests/${String(r.id)}/return`, fields: [{ ...REASON, minLength: 2 }] },
    ],
  },
  { key: 'visits', title: 'visits', list: '/api/v1/visits?limit=30', sub: (r) => ((r.visitor as Rec | null)?.name as string | undefined) ?? null },
];

/** 基层组织建设组: tasks dispatched by the office (handle, close, return). */
const ORGANISATION: RecordKind[] = [
  {
    key: 'tasks',
    title: 'tasks',
    list: '/api/v1/organisation-tasks?limit=50',
    detail: (r) => `/api/v1/organisation-tasks/${String(r.id)}`,
    open: ['open', 'handled'],
    stateLabels: TASK_STATE_LABELS,
    actions: [
      { key: 'handle', label: lbl('处置反馈', 'Feed back'), when: inState('open'), path: (r) => `/api/v1/organisation-tasks/${String(r.id)}/handle`, fields: [{ name: 'note', label: lbl('处置结果', 'Result'), kind: 'textarea', required: true, minLength: 2 }] },
      { key: 'close', label: lbl('办结', 'Close'), when: inState('open', 'handled'), path: (r) => `/api/v1/organisation-tasks/${String(r.id)}/close`, fields: [{ name: 'closureType', label: lbl('结案类型', 'Closure type'), kind: 'select', required: true, options: CLOSURE_TYPE_LABELS }, NOTE] },
      { key: 'return', label: lbl('退回指挥中心', 'Return to the office'), when: inState('open'), path: (r) => `/api/v1/organisation-tasks/${String(r.id)}/return`, fields: [{ ...REASON, minLength: 2 }] },
    ],
  },
];

const TABS: { key: UnitKey; label: Label; roles?: string[] }[] = [
  { key: 'enforcement', label: UNIT_NAMES.enforcement },
  { key: 'petitions', label: UNIT_NAMES.petitions },
  { key: 'social', label: UNIT_NAMES.social },
  { key: 'organisation', label: UNIT_NAMES.organisation },
  { key: 'department', label: { zh: '职能部门', en: 'Department' }, roles: ['department_liaison', 'admin', 'street_commander'] },
  { key: 'appraisal', label: { zh: '考核评价', en: 'Appraisal' } },
];

/**
 * 组队工作: each unit's (and department's) work page. A queue of the office's incidents dispatched
 * to it and of its own records, each openable, with the actions the role and the record's state
 * allow (the service decides; its refusal is shown beside the form). A service that is down blanks
 * only its own panels.
 */
export default function Units({ user }: { user: User }) {
  const { t, L } = useI18n();
  const tabs = TABS.filter((x) => !x.roles || x.roles.includes(user.role));
  const initial = (user.role === 'department_liaison' ? 'department' : (tabs.find((x) => x.key === user.unit)?.key ?? 'enforcement')) as UnitKey;
  const [tab, setTab] = useState<UnitKey>(initial);
  const current = tabs.find((x) => x.key === tab) ?? tabs[0];
  const unitOf = tab === 'department' || tab === 'appraisal' ? null : tab;
  return (
    <div className="units-page">
      <h1 className="page-title">
        {t('units')} · <span data-testid="unit-title">{L(current.label)}</span>
      </h1>
      <div role="tablist" aria-label={t('units')} className="tabs">
        {tabs.map((x) => (
          <button key={x.key} role="tab" type="button" id={`tab-${x.key}`} aria-selected={tab === x.key} aria-controls={`tp-${x.key}`} onClick={() => setTab(x.key)} data-testid={`tab-${x.key}`}>
            {L(x.label)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tp-${tab}`} aria-labelledby={`tab-${tab}`} className="unit-panels" key={tab}>
        {unitOf && <IncidentQueue user={user} unit={unitOf} />}
        {tab === 'department' && user.role === 'department_liaison' && <IncidentQueue user={user} departmentId={(user as User & { departmentId?: string }).departmentId ?? null} />}
        {tab === 'enforcement' && (
          <>
            <FigurePanel path="/api/v1/enforcement/figures" title="figures" />
            {ENFORCEMENT.map((k) => (
              <RecordQueue key={k.key} kind={k} user={user} />
            ))}
            <ListPanel title="operations" path="/api/v1/enforcement/operations" />
          </>
        )}
        {tab === 'petitions' && (
          <>
            <FigurePanel path={`/api/v1/petitions/figures${qs({ from: thisMonth(), to: thisMonth() })}`} title="figures" />
            {PETITIONS.map((k) => (
              <RecordQueue key={k.key} kind={k} user={user} />
            ))}
            <ListPanel title="followUps" path="/api/v1/special-populations/overdue" />
          </>
        )}
        {tab === 'social' && (
          <>
            <FigurePanel path="/api/v1/service-requests/figures" title="figures" pickLast />
            {SOCIAL.map((k) => (
              <RecordQueue key={k.key} kind={k} user={user} />
            ))}
            <ListPanel title="supermarket" path="/api/v1/supermarket/stock" />
            <ListPanel title="careRecipients" path="/api/v1/care-recipients?limit=20" />
            <ListPanel title="volunteers" path="/api/v1/volunteers?limit=20" />
          </>
        )}
        {tab === 'organisation' && (
          <>
            {ORGANISATION.map((k) => (
              <RecordQueue key={k.key} kind={k} user={user} />
            ))}
            <ListPanel title="partyOrgs" path="/api/v1/party-organisations" />
            <ListPanel title="gaps" path="/api/v1/grids/gaps" listKey="grids" />
          </>
        )}
        {tab === 'appraisal' && (
          <>
            <ListPanel title="rankings" path={`/api/v1/appraisal/rankings${qs({ month: lastMonth(), of: 'compound' })}`} />
            <ListPanel title="notice" path={`/api/v1/appraisal/notices${qs({ month: lastMonth() })}`} />
          </>
        )}
      </div>
    </div>
  );
}

/**
 * The office's incidents waiting for this unit (or department): for its own members the office's
 * work queue (`GET /api/v1/queue`, 我的待办: cases dispatched to or led by the unit, most urgent
 * first, each with what it waits for); for others looking at a unit's tab, its open dispatched cases.
 * Each row opens the incident file with the actions the role may take.
 */
function IncidentQueue({ user, unit, departmentId }: { user: User; unit?: string; departmentId?: string | null }) {
  const { t, L, lang } = useI18n();
  const gridName = useGridNames();
  const own = (user.role === 'unit_member' && unit === user.unit) || (user.role === 'department_liaison' && !unit);
  const path = own ? '/api/v1/queue?limit=100' : `/api/v1/incidents${qs({ unit, departmentId: unit ? undefined : (departmentId ?? undefined), limit: 100 })}`;
  const load = useApi<Page<Incident & { waitingFor?: { action: string; label: Label } }>>(path, 30_000);
  const [openId, setOpenId] = useState<string | null>(null);
  const open = (load.data?.items ?? []).filter((i) => own || OPEN_STATES.includes(i.state));
  return (
    <Panel title={t(unit ? 'myQueue' : 'deptQueue')} load={load} className="queue wide" testId="incident-queue" actions={<span className="tag">{lang === 'zh' ? `待办 ${open.length}` : `${open.length} open`}</span>}>
      {() => (
        <div className={`queue-body ${openId ? 'with-file' : ''}`}>
          {open.length === 0 ? (
            <p className="muted">{t('empty')}</p>
          ) : (
            <ul className="rows records">
              {open.map((i) => (
                <li key={i.id} className={openId === i.id ? 'selected' : ''}>
                  <button type="button" className="row-open" aria-expanded={openId === i.id} onClick={() => setOpenId(openId === i.id ? null : i.id)} data-testid="open-incident">
                    <LightDot light={i.clock?.light} label={i.clock?.lightLabel} />
                    <span className="row-main">
                      <span className="row-title">
                        <span className="mono">{i.code} </span>
                        {i.title}
                      </span>
                      <span className="muted small">
                        {i.categoryName} · {gridName(i.gridPath)}
                      </span>
                    </span>
                    <span className="tag">{i.waitingFor ? L(i.waitingFor.label) : L(i.stateLabel)}</span>
                    <span className="muted small">{fmtTime(i.reportedAt, lang)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div>{openId && <IncidentFile key={openId} id={openId} user={user} waiting={open.find((i) => i.id === openId)?.waitingFor?.action} onChanged={load.reload} onClose={() => setOpenId(null)} headingLevel={3} compact />}</div>
        </div>
      )}
    </Panel>
  );
}

function FigurePanel({ title, path, pickLast }: { title: DictKey; path: string; pickLast?: boolean }) {
  const { t } = useI18n();
  const load = useApi<unknown>(path, 60_000);
  return (
    <Panel title={t(title)} load={load} testId={`unit-panel-${title}`}>
      {(d: unknown) => {
        const data = pickLast ? ((d as { months?: unknown[] }).months ?? []).slice(-1)[0] : d;
        return <FigureList data={data} max={16} empty={t('empty')} />;
      }}
    </Panel>
  );
}

function ListPanel({ title, path, listKey }: { title: DictKey; path: string; listKey?: string }) {
  const { t } = useI18n();
  const load = useApi<unknown>(path, 60_000);
  return (
    <Panel title={t(title)} load={load} testId={`unit-panel-${title}`}>
      {(d: unknown) => <GenericList data={listKey ? (d as Record<string, unknown>)[listKey] : d} empty={t('empty')} max={20} />}
    </Panel>
  );
}
