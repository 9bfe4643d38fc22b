import { Injectable } from '@nestjs/common';
import { Actor, DiaryCheckView, DrawDiaryChecks, ExpectedDiaries, GetDiaryReview, GradeDiaryCheck, ListDiaryChecks, PublishDiaryReview } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ServiceClient } from '../clients/service.client';

/** The office's diary supervision (民情日志督查), over NATS. */
@Injectable()
export class DiaryChecksClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'office');
  }
  expected = (a: Actor, r: ExpectedDiaries.Request) => this.call<ExpectedDiaries.Reply>(ExpectedDiaries.subject, r, a);
  draw = (a: Actor, r: DrawDiaryChecks.Request) => this.call<DrawDiaryChecks.Reply>(DrawDiaryChecks.subject, r, a);
  list = (a: Actor, r: ListDiaryChecks.Request) => this.call<ListDiaryChecks.Reply>(ListDiaryChecks.subject, r, a);
  grade = (a: Actor, r: GradeDiaryCheck.Request) => this.call<DiaryCheckView>(GradeDiaryCheck.subject, r, a);
  review = (a: Actor, r: GetDiaryReview.Request) => this.call<GetDiaryReview.Reply>(GetDiaryReview.subject, r, a);
  publish = (a: Actor, r: PublishDiaryReview.Request) => this.call<PublishDiaryReview.Reply>(PublishDiaryReview.subject, r, a);
}
