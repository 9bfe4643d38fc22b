import {
  AddRecipientSupport, CreateRecipientCategory, EndRecipientSupport, GetRecipient, IssueMonthlyVouchers, IssueVouchers, ListRecipientCategories,
  ListRecipients, RecipientFigures, RedeemVouchers, RegisterRecipient, RevealRecipientIdentity, UpdateRecipient, VoucherLedger,
} from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { RecipientsService } from './recipients.service';

export const RecipientsMessageController = messageController('RecipientsMessageController', { service: RecipientsService }, (on) => [
  on(RegisterRecipient, (s, req, a) => s.service.register(a, req)),
  on(UpdateRecipient, (s, req, a) => s.service.update(a, req)),
  on(ListRecipients, (s, req, a) => s.service.list(a, req)),
  on(GetRecipient, (s, req, a) => s.service.get(a, req.id)),
  on(RevealRecipientIdentity, (s, req, a) => s.service.revealIdentity(a, req)),
  on(AddRecipientSupport, (s, req, a) => s.service.addSupport(a, req)),
  on(EndRecipientSupport, (s, req, a) => s.service.endSupport(a, req)),
  on(ListRecipientCategories, (s, req, a) => s.service.categories(a)),
  on(CreateRecipientCategory, (s, req, a) => s.service.createCategory(a, req)),
  on(IssueVouchers, (s, req, a) => s.service.issueVouchers(a, req)),
  on(IssueMonthlyVouchers, (s, req, a) => s.service.issueMonth(a, req)),
  on(RedeemVouchers, (s, req, a) => s.service.redeemVouchers(a, req)),
  on(VoucherLedger, (s, req, a) => s.service.ledger(a, req)),
  on(RecipientFigures, (s, req, a) => s.service.figures(a, req)),
]);
