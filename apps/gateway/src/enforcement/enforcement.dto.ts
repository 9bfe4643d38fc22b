import { OmitType } from '@nestjs/swagger';
import {
  AcknowledgeJointOperation,
  AddEnforcementEvidence,
  CloseEnforcementCase,
  CorrectEnforcementCaseLog,
  CreateJointOperation,
  DecideEnforcementCase,
  ExportEnforcementCases,
  GetEnforcementFigures,
  IssueRectificationNotice,
  ListEnforcementCases,
  ListEnforcementInspections,
  ListJointOperations,
  ListRectificationNotices,
  OpenEnforcementCase,
  RecordEnforcementInspection,
  RecordJointOperationResult,
  RecordReinspection,
  ReturnEnforcementCase,
  UpdateEnforcementCategory,
} from '@grid122/contracts';

/** HTTP bodies and queries: the contracts' request classes, minus what the path carries. */
export class OpenCaseDto extends OpenEnforcementCase.Request {}
export class ListCasesQuery extends ListEnforcementCases.Request {}
export class ExportCasesQuery extends ExportEnforcementCases.Request {}
export class InspectionDto extends OmitType(RecordEnforcementInspection.Request, ['caseId'] as const) {}
export class ListInspectionsQuery extends ListEnforcementInspections.Request {}
export class NoticeDto extends OmitType(IssueRectificationNotice.Request, ['caseId'] as const) {}
export class ListNoticesQuery extends ListRectificationNotices.Request {}
export class ReinspectionDto extends OmitType(RecordReinspection.Request, ['noticeId'] as const) {}
export class DecisionDto extends OmitType(DecideEnforcementCase.Request, ['caseId'] as const) {}
export class CloseDto extends OmitType(CloseEnforcementCase.Request, ['caseId'] as const) {}
export class ReturnDto extends OmitType(ReturnEnforcementCase.Request, ['caseId'] as const) {}
export class EvidenceDto extends OmitType(AddEnforcementEvidence.Request, ['caseId'] as const) {}
export class CorrectionDto extends OmitType(CorrectEnforcementCaseLog.Request, ['caseId'] as const) {}
export class CategoryUpdateDto extends OmitType(UpdateEnforcementCategory.Request, ['code'] as const) {}
export class CreateOperationDto extends CreateJointOperation.Request {}
export class ListOperationsQuery extends ListJointOperations.Request {}
export class AcknowledgeDto extends OmitType(AcknowledgeJointOperation.Request, ['operationId'] as const) {}
export class OperationResultDto extends OmitType(RecordJointOperationResult.Request, ['operationId', 'targetId'] as const) {}
export class FiguresQuery extends GetEnforcementFigures.Request {}
