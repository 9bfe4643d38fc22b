import {
  AcknowledgeDualReport, CloseMeetingDecision, DrawDiaryChecks, ExpectedDiaries, GetDiaryReview, GetGridMeeting, GradeDiaryCheck, ListDiaryChecks, ListDoubleSelections, ListDualReports, ListGridMeetings,
  ListMeetingDecisions, ListMeetingKinds, MeetingFigures, MeetingMembersOf, OverdueMeetings, PublishDiaryReview, RecordDoubleSelection, RecordGridMeeting, Role,
} from '@grid122/contracts';
import { get, httpController, post, uuid } from '../routing/routes';

/** Who reads the supervision's figures and meetings: the supervisors, the district, grid heads (their own scope and decisions). */
const READERS = [Role.StreetCommander, Role.UnitMember, Role.DistrictViewer, Role.GridWorker, Role.CommunityStation];
/** 督查 and meetings recorded: the command centre and the organisation group (the service checks the unit and scope). */
const SUPERVISORS = [Role.StreetCommander, Role.UnitMember, Role.CommunityStation];
const ok = { status: 200 };
const tag = 'supervision';

/** 民情日志督查 (issue 25): routes only, the office decides (docs/grid-registry.md §督查). */
export const DiaryChecksHttpController = httpController('DiaryChecksHttpController', { path: 'api/v1', tag }, [
  get('diaries/expected', ExpectedDiaries, READERS, 'expected', { summary: '应报/未报: the day’s expected diaries per grid head and the missing ones (street working days)' }),
  post('diary-checks/draw', DrawDiaryChecks, SUPERVISORS, 'draw', { summary: '随机抽查: draw the month’s spot-checks (a share of the diaries, every grid head at least once)' }),
  get('diary-checks', ListDiaryChecks, READERS, 'list', { summary: 'Spot-checks with grade and comment; a grid worker sees their own' }),
  post('diary-checks/:id/grade', GradeDiaryCheck, SUPERVISORS, 'grade', { ...ok, params: { id: uuid }, summary: 'Grade a drawn diary (优秀/良好/合格/不合格) with a comment the grid head sees; once' }),
  get('diary-reviews/:month', GetDiaryReview, READERS, 'review', { summary: '讲评: the month’s review per grid head (completeness, grades, comments), best first' }),
  post('diary-reviews/:month/publish', PublishDiaryReview, SUPERVISORS, 'publish', { ...ok, summary: '通报: publish a finished month’s review once; completeness goes to appraisal' }),
]);

/** 双报告 (issue 25): the community workstation takes in its grids' reports. */
export const DualReportsHttpController = httpController('DualReportsHttpController', { path: 'api/v1/dual-reports', tag }, [
  get('', ListDualReports, [Role.CommunityStation, Role.StreetCommander, Role.DistrictViewer], 'list', { summary: '双报告: the problems the community’s grids reported (30 days), pending first, overdue when not taken in in time' }),
  post(':incidentId/acknowledge', AcknowledgeDualReport, [Role.CommunityStation], 'acknowledge', { ...ok, params: { incidentId: uuid }, summary: '社区签收: take a grid’s report in with what the community does; once' }),
]);

/** 三会一评 (issue 25): routes only, the registry decides (docs/grid-registry.md §督查). */
export const MeetingsHttpController = httpController('MeetingsHttpController', { path: 'api/v1', tag }, [
  get('meeting-kinds', ListMeetingKinds, READERS, 'kinds', { summary: '三会一评: each kind with its level, cadence and members' }),
  get('meetings/members', MeetingMembersOf, READERS, 'members', { summary: 'Who should sit in a meeting of a kind on a grid (the registry’s current posts)' }),
  post('meetings', RecordGridMeeting, SUPERVISORS, 'record', { summary: 'Record a meeting held: minutes, the absent members, decisions with owner and due date' }),
  get('meetings', ListGridMeetings, READERS, 'list', { summary: 'Meetings in scope, newest first' }),
  get('meetings/overdue', OverdueMeetings, READERS, 'overdue', { summary: 'Convening grids whose meeting of a kind is overdue by its cadence (or never held)' }),
  get('meetings/figures', MeetingFigures, READERS, 'figures', { summary: 'The month’s meetings for the board and the notice: held per kind, attendance, decisions kept, overdue' }),
  get('meetings/:id', GetGridMeeting, READERS, 'get', { params: { id: uuid }, summary: 'One meeting with attendance and decisions' }),
  post('double-selections', RecordDoubleSelection, [Role.StreetCommander, Role.UnitMember], 'choose', { summary: '双向选择: record a cadre’s or a grid head’s choice of a post (grid head, seconded cadre); matched when both chose' }),
  get('double-selections', ListDoubleSelections, READERS, 'selections', { summary: '双向选择 records in scope: who chose, matched or waiting for the other side' }),
  get('meeting-decisions', ListMeetingDecisions, READERS, 'decisions', { summary: 'Decisions as tasks (owner, due date); overdue=true for the open ones past due' }),
  post('meeting-decisions/:id/close', CloseMeetingDecision, [...SUPERVISORS, Role.GridWorker], 'close', { ...ok, params: { id: uuid }, summary: 'Close a decision with the owner’s feedback (办结); once; on time when by its due date' }),
]);
