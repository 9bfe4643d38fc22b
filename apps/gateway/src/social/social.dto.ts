import { OmitType } from '@nestjs/swagger';
import * as C from '@grid122/contracts/social';

/** HTTP bodies: the contracts' request classes without the ids the path carries. */
export class UpdateRecipientDto extends OmitType(C.UpdateRecipient.Request, ['id'] as const) {}
export class RevealIdentityDto extends OmitType(C.RevealRecipientIdentity.Request, ['id'] as const) {}
export class AddSupportDto extends OmitType(C.AddRecipientSupport.Request, ['recipientId'] as const) {}
export class EndSupportDto extends OmitType(C.EndRecipientSupport.Request, ['recipientId', 'supportId'] as const) {}
export class IssueVouchersDto extends OmitType(C.IssueVouchers.Request, ['recipientId'] as const) {}
export class RedeemVouchersDto extends OmitType(C.RedeemVouchers.Request, ['recipientId'] as const) {}
export class AssignRequestDto extends OmitType(C.AssignServiceRequest.Request, ['id'] as const) {}
export class DeliverRequestDto extends OmitType(C.DeliverServiceRequest.Request, ['id'] as const) {}
export class ConfirmRequestDto extends OmitType(C.ConfirmServiceRequest.Request, ['id'] as const) {}
export class ReasonDto extends OmitType(C.CancelServiceRequest.Request, ['id'] as const) {}
export class ActivityDto extends OmitType(C.RecordVolunteerActivity.Request, ['volunteerId'] as const) {}
export class TeamMemberDto extends OmitType(C.AddSocialTeamMember.Request, ['teamId'] as const) {}
export class ResidentAwardDto extends OmitType(C.AwardResidentPoints.Request, ['residentId'] as const) {}
export class LedgerQueryDto extends OmitType(C.PointsLedger.Request, ['volunteerId'] as const) {}
export class UpdateItemDto extends OmitType(C.UpdateSupermarketItem.Request, ['id'] as const) {}
export class UpdateServicePointDto extends OmitType(C.UpdateServicePoint.Request, ['id'] as const) {}
