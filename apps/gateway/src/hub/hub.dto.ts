import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  AppraisalHubFigures, DAY_PATTERN, DiaryFigures, EnforcementHubFigures, HubDocument, HubKeyAreaRow, HubPeriod, HubStreetRow, KEY_AREAS, KeyArea, MeetingFigures, MeetingKind, OfficeHubFigures,
  OrganisationHubFigures, PetitionsHubFigures, SocialHubFigures,
} from '@grid122/contracts';

export class HubQueryDto {
  @ApiPropertyOptional({ description: 'A grid id (uuid) or grid path inside your scope; default your whole scope' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  root?: string;

  @ApiPropertyOptional({ enum: ['today', 'week', 'month'], default: 'today', description: 'Local (UTC+8) day, ISO week from Monday, or calendar month' })
  @IsOptional()
  @IsIn(['today', 'week', 'month'])
  period?: 'today' | 'week' | 'month';

  @ApiPropertyOptional({
    description: "A street day (YYYY-MM-DD, today or past): the figures of the period that holds it — that day (period=today), its week or its month — instead of the current one",
    example: '2026-11-15',
  })
  @IsOptional()
  @Matches(DAY_PATTERN, { message: 'date must be YYYY-MM-DD (a day in the street\'s calendar)' })
  date?: string;
}

class LabelDto {
  @ApiProperty({ example: '非法建设' }) zh: string;
  @ApiProperty({ example: 'Illegal construction' }) en: string;
}

class PanelErrorDto {
  @ApiProperty({ example: 'SERVICE_UNAVAILABLE' }) code: string;
  @ApiProperty() message: string;
}

type HubPanels = HubDocument['panels'];

/** What every panel carries besides its figures. */
class PanelStatusDto {
  @ApiProperty({ enum: ['ok', 'stale', 'unreachable'], description: 'stale: the service failed and these are the last figures (see ageSeconds); unreachable: no figures' })
  status: 'ok' | 'stale' | 'unreachable';
  @ApiProperty({ nullable: true, type: Number, description: 'Age of the figures in seconds' }) ageSeconds: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) computedAt: string | null;
  @ApiProperty({ nullable: true, type: PanelErrorDto }) error: PanelErrorDto | null;
  @ApiProperty({ type: [String], description: 'Figures the service cannot compute yet (null)' }) unavailable: string[];
}

class LightsDto {
  @ApiProperty() green: number;
  @ApiProperty() yellow: number;
  @ApiProperty() red: number;
}

class KeyAreaRowDto implements HubKeyAreaRow {
  @ApiProperty({ enum: KEY_AREAS }) keyArea: KeyArea;
  @ApiProperty({ type: LabelDto }) label: LabelDto;
  @ApiProperty({ description: '发现' }) found: number;
  @ApiProperty({ description: '解决 (closed as fixed)' }) solved: number;
  @ApiProperty({ nullable: true, type: Number, description: 'solved / found, percent' }) rate: number | null;
}

class DiaryDayDto {
  @ApiProperty({ example: '2026-12-07' }) date: string;
  @ApiProperty({ description: 'Diaries are expected on the street\'s working days only' }) workingDay: boolean;
  @ApiProperty({ description: '应报: grid heads who should file that day' }) expected: number;
  @ApiProperty({ description: '已报' }) filed: number;
  @ApiProperty({ description: '未报' }) missing: number;
}

class DiaryTotalsDto {
  @ApiProperty({ description: 'Working days (to today) × the heads reviewed' }) expectedDays: number;
  @ApiProperty() filedDays: number;
  @ApiProperty({ nullable: true, type: Number, description: 'filed / expected days, a fraction (3 decimals)' }) completeness: number | null;
  @ApiProperty({ description: '随机抽查: spot-checks drawn' }) checks: number;
  @ApiProperty({ description: 'Spot-checks graded (讲评)' }) graded: number;
  @ApiProperty({ nullable: true, type: Number, description: '优秀 100 / 良好 85 / 合格 70 / 不合格 40, averaged' }) averagePoints: number | null;
}

/** 民情日志督查: the office's figures, as GET /diaries/expected and GET /diary-reviews/{month} answer them. */
class DiaryFiguresDto implements DiaryFigures {
  @ApiProperty({ type: DiaryDayDto, description: 'The period\'s last street day (today at most)' }) day: DiaryDayDto;
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty({ type: DiaryTotalsDto, description: 'The month\'s 讲评 totals' }) totals: DiaryTotalsDto;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: '讲评 published (通报)' }) publishedAt: string | null;
}

type MeetingKindFigures = MeetingFigures.Reply['byKind'][number];
class MeetingKindFiguresDto implements MeetingKindFigures {
  @ApiProperty({ example: 'compound_heads' }) kind: MeetingKind;
  @ApiProperty({ example: '三级网格负责人会议' }) zh: string;
  @ApiProperty() held: number;
  @ApiProperty({ nullable: true, type: Number, description: 'a fraction (3 decimals)' }) attendanceRate: number | null;
}

type MeetingDecisionFigures = MeetingFigures.Reply['decisions'];
class MeetingDecisionFiguresDto implements MeetingDecisionFigures {
  @ApiProperty() made: number;
  @ApiProperty() done: number;
  @ApiProperty() doneOnTime: number;
  @ApiProperty() open: number;
  @ApiProperty({ description: 'Open past their due date now' }) overdue: number;
}

/** 三会一评: the registry's figures of the month, as GET /meetings/figures answers them. */
class MeetingFiguresDto implements MeetingFigures.Reply {
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty() root: string;
  @ApiProperty({ description: 'Meetings held in the month' }) held: number;
  @ApiProperty({ type: [MeetingKindFiguresDto] }) byKind: MeetingKindFiguresDto[];
  @ApiProperty({ nullable: true, type: Number, description: 'attended / members, a fraction (3 decimals)' }) attendanceRate: number | null;
  @ApiProperty({ type: MeetingDecisionFiguresDto, description: 'Decisions of the month\'s meetings' }) decisions: MeetingDecisionFiguresDto;
  @ApiProperty({ description: 'Convening grids whose meeting of a kind is overdue now (or never held)' }) overdueMeetings: number;
}

export class OfficeFiguresDto implements OfficeHubFigures {
  @ApiProperty({ description: 'Problems found (reported in the period, duplicates excluded)' }) found: number;
  @ApiProperty({ description: '立案: of those, registered' }) registered: number;
  @ApiProperty({ description: '派遣: of those, dispatched' }) dispatched: number;
  @ApiProperty({ description: '结案: of those, closed' }) closed: number;
  @ApiProperty({ nullable: true, type: Number, description: '结案率 closed / registered, percent' }) closureRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '按期结案率 closed on time / closed, percent' }) onTimeRate: number | null;
  @ApiProperty({ type: LightsDto, description: 'Traffic lights of the open incidents now' }) lights: LightsDto;
  @ApiProperty({ description: 'Open incidents past their deadline now' }) overdue: number;
  @ApiProperty({ description: '督办: open incidents under supervision now' }) supervised: number;
  @ApiProperty({ description: '上报区级: reported in the period and escalated to the district' }) escalated: number;
  @ApiProperty({ type: [KeyAreaRowDto], description: 'The key-area table (六个重点领域 + 其它)' }) keyAreas: KeyAreaRowDto[];
  @ApiProperty({ nullable: true, type: DiaryFiguresDto, description: '民情日志督查 (null and in `unavailable` when the roster was not at hand in time)' }) diaries: DiaryFiguresDto | null;
}

export class OrganisationFiguresDto implements OrganisationHubFigures {
  @ApiProperty({ description: 'Level 1-3 grids without a current grid head' }) gridsWithoutHead: number;
  @ApiProperty({ description: 'Party organisations whose kind does not match their size' }) partyOrgMismatches: number;
  @ApiProperty({ description: 'Open organisation tasks' }) openTasks: number;
  @ApiProperty({ type: MeetingFiguresDto, description: '三会一评 of the period\'s month' }) meetings: MeetingFiguresDto;
}

export class PetitionsFiguresDto implements PetitionsHubFigures {
  @ApiProperty({ description: 'Petitions received in the period' }) received: number;
  @ApiProperty({ description: 'Open petitions past their accept or reply deadline now' }) overdue: number;
  @ApiProperty({ description: 'Collective petitions (5+ people) received in the period' }) collective: number;
  @ApiProperty({ description: 'Disputes open or in mediation now' }) disputesOpen: number;
  @ApiProperty({ description: 'Disputes settled in the period' }) disputesSettled: number;
  @ApiProperty({ description: 'Special-population follow-ups due in the next 7 days' }) followUpsDue: number;
  @ApiProperty({ description: 'Special-population follow-ups overdue' }) followUpsOverdue: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Highest active stability warning level (1 blue … 4 red)' }) warningLevel: number | null;
}

export class SocialFiguresDto implements SocialHubFigures {
  @ApiProperty() openRequests: number;
  @ApiProperty({ description: 'Services delivered in the period' }) delivered: number;
  @ApiProperty({ description: 'Active care recipients not visited in 30 days' }) visitsDue: number;
  @ApiProperty() volunteersActive: number;
  @ApiProperty({ description: 'Volunteer points earned in the period' }) pointsEarned: number;
  @ApiProperty({ description: 'Volunteer points exchanged in the period' }) pointsSpent: number;
  @ApiProperty({ description: 'Love-supermarket items at or below the alert stock' }) stockAlerts: number;
  @ApiProperty({ description: '居民积分户: residents holding points (not volunteers)' }) residentHolders: number;
  @ApiProperty({ description: 'Residents\' points awarded by their communities in the period' }) residentPointsEarned: number;
  @ApiProperty({ description: 'Residents\' points exchanged at the love supermarket in the period' }) residentPointsSpent: number;
}

class CategoryCountDto {
  @ApiProperty() category: string;
  @ApiProperty({ type: LabelDto }) label: LabelDto;
  @ApiProperty() count: number;
}

export class EnforcementFiguresDto implements EnforcementHubFigures {
  @ApiProperty() openCases: number;
  @ApiProperty({ type: [CategoryCountDto] }) openCasesByCategory: CategoryCountDto[];
  @ApiProperty({ description: 'Open rectification notices past their comply-by date' }) noticesPastDue: number;
  @ApiProperty({ description: 'Joint operations running now' }) operationsRunning: number;
  @ApiProperty({ description: 'Departments of running operations that have not acknowledged' }) departmentsUnacknowledged: number;
}

class RankedGridDto {
  @ApiProperty() path: string;
  @ApiProperty() name: string;
  @ApiProperty() total: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) tier: number;
}

class ThreeRatesDto {
  @ApiProperty({ nullable: true, type: Number }) response: number | null;
  @ApiProperty({ nullable: true, type: Number }) resolution: number | null;
  @ApiProperty({ nullable: true, type: Number }) satisfaction: number | null;
}

export class AppraisalFiguresDto implements AppraisalHubFigures {
  @ApiProperty({ example: '2026-10' }) month: string;
  @ApiProperty({ type: [RankedGridDto] }) top: RankedGridDto[];
  @ApiProperty({ type: [RankedGridDto] }) bottom: RankedGridDto[];
  @ApiProperty({ type: ThreeRatesDto, description: '三率 of last month, percent' }) rates: ThreeRatesDto;
}

class OfficePanelDto extends PanelStatusDto {
  @ApiProperty({ nullable: true, type: OfficeFiguresDto }) figures: OfficeFiguresDto | null;
}
class OrganisationPanelDto extends PanelStatusDto {
  @ApiProperty({ nullable: true, type: OrganisationFiguresDto }) figures: OrganisationFiguresDto | null;
}
class PetitionsPanelDto extends PanelStatusDto {
  @ApiProperty({ nullable: true, type: PetitionsFiguresDto }) figures: PetitionsFiguresDto | null;
}
class SocialPanelDto extends PanelStatusDto {
  @ApiProperty({ nullable: true, type: SocialFiguresDto }) figures: SocialFiguresDto | null;
}
class EnforcementPanelDto extends PanelStatusDto {
  @ApiProperty({ nullable: true, type: EnforcementFiguresDto }) figures: EnforcementFiguresDto | null;
}
class AppraisalPanelDto extends PanelStatusDto {
  @ApiProperty({ nullable: true, type: AppraisalFiguresDto }) figures: AppraisalFiguresDto | null;
}

class PanelsDto implements HubPanels {
  @ApiProperty({ type: OfficePanelDto, description: '一办' }) office: OfficePanelDto;
  @ApiProperty({ type: OrganisationPanelDto, description: '基层组织建设组' }) organisation: OrganisationPanelDto;
  @ApiProperty({ type: PetitionsPanelDto, description: '综合信访稳定组' }) petitions: PetitionsPanelDto;
  @ApiProperty({ type: SocialPanelDto, description: '社会服务队' }) social: SocialPanelDto;
  @ApiProperty({ type: EnforcementPanelDto, description: '综合执法队' }) enforcement: EnforcementPanelDto;
  @ApiProperty({ type: AppraisalPanelDto, description: '考核评价' }) appraisal: AppraisalPanelDto;
}

class StreetRowDto implements HubStreetRow {
  @ApiProperty({ example: 'nj.gulou.btq' }) path: string;
  @ApiProperty({ nullable: true, type: String, example: '宝塔桥街道' }) name: string | null;
  @ApiProperty({ description: '1 = best closure rate, then fewest overdue' }) rank: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number', nullable: true },
    description:
      'found, closed, closureRate, onTimeRate, overdue (office); gridsWithoutHead, openTasks (organisation); petitionsReceived, collectivePetitions; servicesDelivered; openEnforcementCases',
  })
  figures: Record<string, number | null>;
}

class RootDto {
  @ApiProperty() path: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) gridId: string | null;
}

/** The command hub document (一办两组两队): OpenAPI's description of the contracts' types, which each class implements (a field renamed there does not compile here). */
export class HubDocumentDto implements HubDocument {
  @ApiProperty({ description: 'The grid path the figures cover' }) scope: string;
  @ApiProperty({ type: RootDto }) root: RootDto;
  @ApiProperty({ enum: ['today', 'week', 'month'] }) period: HubPeriod;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time', description: 'exclusive' }) to: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ description: 'True above street level: `streets` holds the roll-up' }) rollUp: boolean;
  @ApiProperty({ type: PanelsDto }) panels: PanelsDto;
  @ApiProperty({ type: [StreetRowDto], nullable: true, description: 'Every street in scope, ranked (district and above)' }) streets: StreetRowDto[] | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object' }, description: 'Each figure\'s name {zh, en}, Chinese first (a page never shows a field name)' }) labels: Record<string, { zh: string; en: string }>;
}
