import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { AcceptEscalationRequest, AnswerEscalationRequest, FederatedStreetsQuery, ReturnEscalationRequest, ListFederatedEscalationsQuery, PushFederationTaskRequest, STREET_LABEL_PATTERN } from '@grid122/contracts';

export class PushFederationTaskDto extends PushFederationTaskRequest {}
export class ListFederatedEscalationsDto extends ListFederatedEscalationsQuery {}
export class FederatedStreetsDto extends FederatedStreetsQuery {}
export class AcceptEscalationDto extends AcceptEscalationRequest {}
export class AnswerEscalationDto extends AnswerEscalationRequest {}
export class ReturnEscalationDto extends ReturnEscalationRequest {}

export class ListFederationTasksDto {
  @IsOptional()
  @Matches(STREET_LABEL_PATTERN, { message: 'street must be a street label like btq' })
  street?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
