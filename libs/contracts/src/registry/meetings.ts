import { ArrayMaxSize, IsArray, IsDateString, IsEnum, IsIn, IsOptional, IsUUID } from 'class-validator';
import { GridLevel } from './grid-locate';
import { rpcSubject } from '../common/rpc';
import { IdRequest } from '../common/primitives';
import { CalendarMonth, GridRoot, Nested, NestedList, QueryInt, Text } from '../common/fields';
import { DocType, doc } from '../common/doc-schema';

/**
 * 三会一评 (seed 001 §三会一评): the street's grid leadership group meets monthly; each level-1
 * grid's responsible person meets the level-2 grid heads every other day and holds the
 * community's grid leadership group weekly; each level-2 grid head meets the level-3 heads every
 * ten days; residents' representatives appraise the grids every half year (民主评议).
 */
export enum MeetingKind {
  StreetLeadership = 'street_leadership', // 街道网格领导小组会议
  CommunityBriefing = 'community_briefing', // 一级网格二级网格长碰头会
  CommunityLeadership = 'community_leadership', // 社区网格领导小组会议
  CompoundHeads = 'compound_heads', // 二级网格三级网格负责人会议
  DemocraticAppraisal = 'democratic_appraisal', // 网格管理民主评议
}

export type MeetingCadence = 'every_other_day' | 'weekly' | 'ten_days' | 'monthly' | 'half_yearly';

/** Who sits in a meeting, from the registry's current posts. */
export type MeetingMembers =
  /** the heads of the grids one level below */
  | 'child_heads'
  /** the grid's head and the heads one level below */
  | 'head_and_child_heads'
  /** everyone posted on the grid (1+X+Y, the forces, seconded staff) and the heads one level below */
  | 'grid_team_and_child_heads'
  /** everyone posted on the grid (residents' representatives come as a count) */
  | 'grid_team';

export interface MeetingKindInfo {
  kind: MeetingKind;
  zh: string;
  en: string;
  level: GridLevel;
  cadence: MeetingCadence;
  cadenceZh: string;
  members: MeetingMembers;
}

export const MEETING_KINDS: Record<MeetingKind, MeetingKindInfo> = {
  [MeetingKind.StreetLeadership]: { kind: MeetingKind.StreetLeadership, zh: '街道网格领导小组会议', en: 'Street grid leadership group', level: GridLevel.Street, cadence: 'monthly', cadenceZh: '每月一次', members: 'child_heads' },
  [MeetingKind.CommunityBriefing]: { kind: MeetingKind.CommunityBriefing, zh: '二级网格长碰头会', en: 'Level-1 head with the level-2 heads', level: GridLevel.Community, cadence: 'every_other_day', cadenceZh: '隔日一次', members: 'head_and_child_heads' },
  [MeetingKind.CommunityLeadership]: { kind: MeetingKind.CommunityLeadership, zh: '社区网格领导小组会议', en: 'Community grid leadership group', level: GridLevel.Community, cadence: 'weekly', cadenceZh: '每周一次', members: 'grid_team_and_child_heads' },
  [MeetingKind.CompoundHeads]: { kind: MeetingKind.CompoundHeads, zh: '三级网格负责人会议', en: 'Level-2 head with the level-3 heads', level: GridLevel.Compound, cadence: 'ten_days', cadenceZh: '每旬一次', members: 'head_and_child_heads' },
  [MeetingKind.DemocraticAppraisal]: { kind: MeetingKind.DemocraticAppraisal, zh: '网格管理民主评议', en: 'Democratic appraisal by residents’ representatives', level: GridLevel.Compound, cadence: 'half_yearly', cadenceZh: '每半年一次', members: 'grid_team' },
};

export class GridMeetingDecisionInput {
  @Text(1000, 2) text: string;
  /** The member who owns it (责任人): one of the meeting's members. */
  @IsUUID() ownerStaffId: string;
  /** Due date (办结时限), the street's day. */
  @IsDateString({}, { message: 'dueOn must be a date YYYY-MM-DD' }) dueOn: string;
}

export class DemocraticResultInput {
  @QueryInt(0, 100000) satisfied: number;
  @QueryInt(0, 100000) basicallySatisfied: number;
  @QueryInt(0, 100000) dissatisfied: number;
}

export interface MeetingAttendeeView {
  staffId: string;
  accountId: string | null;
  name: string;
  role: string;
  gridPath: string;
  attended: boolean;
  absenceReason: string | null;
}

export interface MeetingDecisionView {
  id: string;
  meetingId: string;
  meetingKind: MeetingKind;
  gridPath: string;
  text: string;
  ownerStaffId: string;
  ownerName: string;
  dueOn: string;
  state: 'open' | 'done';
  overdue: boolean;
  doneAt: string | null;
  doneNote: string | null;
  onTime: boolean | null;
}

export interface GridMeetingView {
  id: string;
  kind: MeetingKind;
  kindLabel: { zh: string; en: string };
  gridId: string;
  gridPath: string;
  gridName: string;
  heldOn: string;
  title: string;
  minutes: string;
  members: number;
  attended: number;
  attendanceRate: number | null;
  representatives: number | null;
  democratic: { satisfied: number; basicallySatisfied: number; dissatisfied: number } | null;
  /** 民主评议: the half-year (2026H2) whose democratic-appraisal survey in appraisal this meeting feeds (by grid path and half-year) */
  halfYear: string | null;
  recordedByName: string | null;
  attendees?: MeetingAttendeeView[];
  decisions?: MeetingDecisionView[];
}

/** `registry.meeting.kinds`: the kinds of 三会一评 with level, cadence and members. */
export namespace ListMeetingKinds {
  export const subject = rpcSubject<Request, Reply>('registry.meeting.kinds');
  export class Request {}
  export interface Reply {
    items: MeetingKindInfo[];
  }
}

/** `registry.meeting.members`: who should sit in a meeting of a kind on a grid (from the current posts). */
export namespace MeetingMembersOf {
  export const subject = rpcSubject<Request, Reply>('registry.meeting.members');
  export class Request {
    @IsEnum(MeetingKind) kind: MeetingKind;
    @IsUUID() gridId: string;
  }
  export interface Reply {
    kind: MeetingKind;
    gridId: string;
    gridPath: string;
    members: Omit<MeetingAttendeeView, 'attended' | 'absenceReason'>[];
  }
}

/** `registry.meeting.record`: minutes, attendance (the absent members) and decisions of a meeting held. */
export namespace RecordGridMeeting {
  export const subject = rpcSubject<Request, Reply>('registry.meeting.record');
  export class Request {
    @IsEnum(MeetingKind) kind: MeetingKind;
    /** The convening grid: the street, a community (L1) or a compound (L2), as the kind says. */
    @IsUUID() gridId: string;
    @IsDateString({}, { message: 'heldOn must be a date YYYY-MM-DD' }) heldOn: string;
    @IsOptional() @Text(200) title?: string;
    /** 会议纪要 */
    @Text(20000, 2) minutes: string;
    /** Members who did not attend (every other member attended). */
    @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) absentStaffIds?: string[];
    @IsOptional() @Text(500) absenceReason?: string;
    @IsOptional() @NestedList(() => GridMeetingDecisionInput, 100) decisions?: GridMeetingDecisionInput[];
    /** 民主评议: how many residents' representatives took part … */
    @IsOptional() @QueryInt(1, 100000) representatives?: number;
    /** … and their verdict (democratic appraisal only): appraisal records it as its survey. */
    @IsOptional() @Nested(() => DemocraticResultInput) democratic?: DemocraticResultInput;
  }
  export type Reply = GridMeetingView;
}

export namespace ListGridMeetings {
  export const subject = rpcSubject<Request, Reply>('registry.meeting.list');
  export class Request {
    @IsOptional() @IsEnum(MeetingKind) kind?: MeetingKind;
    @IsOptional() @GridRoot() root?: string;
    @IsOptional() @IsUUID() gridId?: string;
    @IsOptional() @CalendarMonth() month?: string;
    @IsOptional() @QueryInt(1, 500) limit?: number;
  }
  export interface Reply {
    items: GridMeetingView[];
  }
}

export namespace GetGridMeeting {
  export const subject = rpcSubject<Request, Reply>('registry.meeting.get');
  export class Request extends IdRequest {}
  export type Reply = GridMeetingView;
}

export interface OverdueMeeting {
  kind: MeetingKind;
  kindLabel: { zh: string; en: string };
  cadence: MeetingCadence;
  gridId: string;
  gridPath: string;
  gridName: string;
  lastHeldOn: string | null;
  /** the day the next meeting was due by (null: never held) */
  dueOn: string | null;
  daysOverdue: number | null;
}

/** `registry.meeting.overdue`: convening grids whose meeting of a kind is overdue (or never held). */
export namespace OverdueMeetings {
  export const subject = rpcSubject<Request, Reply>('registry.meeting.overdue');
  export class Request {
    @IsOptional() @GridRoot() root?: string;
    @IsOptional() @IsEnum(MeetingKind) kind?: MeetingKind;
  }
  export interface Reply {
    today: string;
    items: OverdueMeeting[];
  }
}

export namespace ListMeetingDecisions {
  export const subject = rpcSubject<Request, Reply>('registry.meeting_decision.list');
  export class Request {
    @IsOptional() @GridRoot() root?: string;
    @IsOptional() @IsIn(['open', 'done']) state?: 'open' | 'done';
    /** only open decisions past their due date */
    @IsOptional() @IsIn(['true', 'false', true, false]) overdue?: 'true' | 'false' | boolean;
    @IsOptional() @IsUUID() ownerStaffId?: string;
  }
  export interface Reply {
    items: MeetingDecisionView[];
  }
}

/** `registry.meeting_decision.close`: the owner's feedback closes a decision (办结), once. */
export namespace CloseMeetingDecision {
  export const subject = rpcSubject<Request, Reply>('registry.meeting_decision.close');
  export class Request {
    @IsUUID() id: string;
    @Text(2000, 2) note: string;
  }
  export type Reply = MeetingDecisionView;
}

/** `registry.meeting.figures`: the month's meetings for the board and the notice. */
export namespace MeetingFigures {
  export const subject = rpcSubject<Request, Reply>('registry.meeting.figures');
  export class Request {
    @IsOptional() @GridRoot() root?: string;
    @IsOptional() @CalendarMonth() month?: string;
  }
  /** 三会一评's figures of a month (the hub's organisation panel shows them as this route answers them). */
  export const Reply = doc.object('MeetingFigures', {
    month: doc.string({ example: '2026-12' }),
    root: doc.string(),
    held: doc.number({ description: 'Meetings held in the month' }),
    byKind: doc.list(
      doc.ref(
        doc.object('MeetingKindFigures', {
          kind: doc.oneOf(Object.values(MeetingKind), { example: 'compound_heads' }),
          zh: doc.string({ example: '三级网格负责人会议' }),
          held: doc.number(),
          attendanceRate: doc.number({ nullable: true, description: 'a fraction (3 decimals)' }),
        }),
      ),
    ),
    attendanceRate: doc.number({ nullable: true, description: 'attended / members, a fraction (3 decimals)' }),
    decisions: doc.ref(
      doc.object('MeetingDecisionFigures', {
        made: doc.number(),
        done: doc.number(),
        doneOnTime: doc.number(),
        open: doc.number(),
        overdue: doc.number({ description: 'Open past their due date now' }),
      }),
      { description: 'Decisions of the month\'s meetings' },
    ),
    overdueMeetings: doc.number({ description: 'Convening grids whose meeting of a kind is overdue now (or never held)' }),
  });
  export type Reply = DocType<typeof Reply>;
}

/** `registry.meeting.held`: data of the event (appraisal: meetings due / attended, decisions assigned). */
export interface MeetingHeldData {
  meetingId: string;
  kind: MeetingKind;
  gridId: string;
  gridPath: string;
  heldOn: string;
  /** the street's month of heldOn */
  month: string;
  attendees: { staffId: string; personId: string; gridPath: string; attended: boolean }[];
  decisions: { decisionId: string; ownerPersonId: string; dueOn: string }[];
  representatives: number | null;
  democratic: { satisfied: number; basicallySatisfied: number; dissatisfied: number } | null;
}

/** `registry.meeting_decision.closed`: a decision was done (kept on time when onTime). */
export interface MeetingDecisionClosedData {
  decisionId: string;
  meetingId: string;
  ownerPersonId: string;
  gridPath: string;
  dueOn: string;
  doneOn: string;
  onTime: boolean;
}

/** `registry.meeting.attendance_recorded`: one member of one meeting (one fact per member in appraisal). */
export interface MeetingAttendanceData {
  meetingId: string;
  kind: MeetingKind;
  staffId: string;
  /** the account when linked, else the registry person */
  personId: string;
  /** the member's own grid (their post) */
  gridPath: string;
  month: string;
  attended: boolean;
}

/** `registry.meeting_decision.made`: a decision given to its owner. */
export interface MeetingDecisionMadeData {
  decisionId: string;
  meetingId: string;
  ownerPersonId: string;
  gridPath: string;
  month: string;
  dueOn: string;
}

/**
 * 双向选择 (seed 001): cadres choose a grid and the grid head chooses cadres; where both sides
 * chose each other the post is matched; where they differ the street's leadership settles it.
 */
export type DoubleSelectionSide = 'cadre' | 'grid';

export interface DoubleSelectionView {
  id: string;
  gridId: string;
  gridPath: string;
  staffId: string;
  staffName: string;
  role: 'grid_head' | 'seconded_staff';
  cadreChoseAt: string | null;
  gridChoseAt: string | null;
  /** both sides chose each other (双方意愿一致) */
  state: 'cadre_chose' | 'grid_chose' | 'matched';
}

/** `registry.double_selection.record`: one side's choice; the second side's makes it matched. */
export namespace RecordDoubleSelection {
  export const subject = rpcSubject<Request, Reply>('registry.double_selection.record');
  export class Request {
    @IsUUID() gridId: string;
    @IsUUID() staffId: string;
    @IsIn(['grid_head', 'seconded_staff']) role: 'grid_head' | 'seconded_staff';
    @IsIn(['cadre', 'grid']) side: DoubleSelectionSide;
  }
  export type Reply = DoubleSelectionView;
}

export namespace ListDoubleSelections {
  export const subject = rpcSubject<Request, Reply>('registry.double_selection.list');
  export class Request {
    @IsOptional() @GridRoot() root?: string;
    @IsOptional() @IsIn(['cadre_chose', 'grid_chose', 'matched']) state?: DoubleSelectionView['state'];
  }
  export interface Reply {
    items: DoubleSelectionView[];
  }
}
