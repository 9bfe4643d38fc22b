import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor, AddRecipientSupport, CreateRecipientCategory, EndRecipientSupport, GetRecipient, IssueMonthlyVouchers, IssueVouchers, ListRecipientCategories,
  ListRecipients, RecipientFigures, RedeemVouchers, RegisterRecipient, RevealRecipientIdentity, UpdateRecipient, VoucherLedger,
} from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { RecipientsService } from './recipients.service';

@Controller()
export class RecipientsMessageController {
  constructor(private readonly service: RecipientsService) {}

  @MessagePattern(RegisterRecipient.subject)
  register(@Payload() req: RegisterRecipient.Request, @CurrentActor() a: Actor) { return this.service.register(a, req); }

  @MessagePattern(UpdateRecipient.subject)
  update(@Payload() req: UpdateRecipient.Request, @CurrentActor() a: Actor) { return this.service.update(a, req); }

  @MessagePattern(ListRecipients.subject)
  list(@Payload() req: ListRecipients.Request, @CurrentActor() a: Actor) { return this.service.list(a, req); }

  @MessagePattern(GetRecipient.subject)
  get(@Payload() req: GetRecipient.Request, @CurrentActor() a: Actor) { return this.service.get(a, req.id); }

  @MessagePattern(RevealRecipientIdentity.subject)
  identity(@Payload() req: RevealRecipientIdentity.Request, @CurrentActor() a: Actor) { return this.service.revealIdentity(a, req); }

  @MessagePattern(AddRecipientSupport.subject)
  addSupport(@Payload() req: AddRecipientSupport.Request, @CurrentActor() a: Actor) { return this.service.addSupport(a, req); }

  @MessagePattern(EndRecipientSupport.subject)
  endSupport(@Payload() req: EndRecipientSupport.Request, @CurrentActor() a: Actor) { return this.service.endSupport(a, req); }

  @MessagePattern(ListRecipientCategories.subject)
  categories(@Payload() _req: ListRecipientCategories.Request, @CurrentActor() a: Actor) { return this.service.categories(a); }

  @MessagePattern(CreateRecipientCategory.subject)
  createCategory(@Payload() req: CreateRecipientCategory.Request, @CurrentActor() a: Actor) { return this.service.createCategory(a, req); }

  @MessagePattern(IssueVouchers.subject)
  issue(@Payload() req: IssueVouchers.Request, @CurrentActor() a: Actor) { return this.service.issueVouchers(a, req); }

  @MessagePattern(IssueMonthlyVouchers.subject)
  issueMonth(@Payload() req: IssueMonthlyVouchers.Request, @CurrentActor() a: Actor) { return this.service.issueMonth(a, req); }

  @MessagePattern(RedeemVouchers.subject)
  redeem(@Payload() req: RedeemVouchers.Request, @CurrentActor() a: Actor) { return this.service.redeemVouchers(a, req); }

  @MessagePattern(VoucherLedger.subject)
  ledger(@Payload() req: VoucherLedger.Request, @CurrentActor() a: Actor) { return this.service.ledger(a, req); }

  @MessagePattern(RecipientFigures.subject)
  figures(@Payload() req: RecipientFigures.Request, @CurrentActor() a: Actor) { return this.service.figures(a, req); }
}
